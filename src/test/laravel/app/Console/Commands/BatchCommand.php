<?php

namespace App\Console\Commands;

use Illuminate\Console\Command;
use Illuminate\Support\Facades\Bus;

// Prints a batch as Laravel reads it back (Bus::findBatch), one JSON object, so the tests need no tinker.
class BatchCommand extends Command
{
    protected $signature = 'app:batch {id}';

    protected $description = 'Show a batch as Laravel sees it';

    public function handle()
    {
        $batch = Bus::findBatch($this->argument('id'));
        if ($batch === null) {
            $this->error('no such batch');

            return 1;
        }
        $this->line(json_encode([
            'totalJobs' => $batch->totalJobs,
            'pendingJobs' => $batch->pendingJobs,
            'failedJobs' => $batch->failedJobs,
            'failedJobIds' => $batch->failedJobIds,
            'finished' => $batch->finished(),
            'cancelled' => $batch->cancelled(),
            'progress' => $batch->progress(),
        ]));

        return 0;
    }
}
