<?php

namespace App\Console\Commands;

use App\Jobs\AppendLine;
use App\Jobs\AppendSecretLine;
use App\Jobs\FailingJob;
use Illuminate\Console\Command;
use Illuminate\Support\Facades\Bus;

// Dispatches the fixture's jobs the way an app does (dispatch()), so the tests need no tinker.
class DispatchCommand extends Command
{
    protected $signature = 'app:dispatch {job : append, secret (encrypted), fail or batch (two append jobs in a Bus::batch)} {text} {--queue=default} {--tries=}';

    protected $description = 'Dispatch a fixture job';

    public function handle()
    {
        if ($this->argument('job') === 'batch') {
            $text = $this->argument('text');
            $batch = Bus::batch([new AppendLine($text.'-1'), new AppendLine($text.'-2')])
                ->onQueue($this->option('queue'))
                ->dispatch();
            $this->line($batch->id);

            return 0;
        }
        $text = $this->argument('text');
        $job = match ($this->argument('job')) {
            'fail' => new FailingJob($text),
            'secret' => new AppendSecretLine($text),
            default => new AppendLine($text),
        };
        if ($this->option('tries') !== null) {
            $job->tries = (int) $this->option('tries');
        }
        dispatch($job->onQueue($this->option('queue')));

        return 0;
    }
}
