<?php

namespace App\Console\Commands;

use App\Jobs\AppendLine;
use App\Jobs\FailingJob;
use Illuminate\Console\Command;

// Dispatches the fixture's jobs the way an app does (dispatch()), so the tests need no tinker.
class DispatchCommand extends Command
{
    protected $signature = 'app:dispatch {job : append or fail} {text} {--queue=default} {--tries=}';

    protected $description = 'Dispatch a fixture job';

    public function handle()
    {
        $job = $this->argument('job') === 'fail'
            ? new FailingJob($this->argument('text'))
            : new AppendLine($this->argument('text'));
        if ($this->option('tries') !== null) {
            $job->tries = (int) $this->option('tries');
        }
        dispatch($job->onQueue($this->option('queue')));

        return 0;
    }
}
