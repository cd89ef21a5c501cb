<?php

namespace App\Console\Commands;

use App\Jobs\AppendLine;
use App\Jobs\AppendSecretLine;
use App\Jobs\FailingJob;
use App\Jobs\FailItself;
use App\Jobs\ReleaseOnce;
use Illuminate\Console\Command;
use Illuminate\Support\Facades\Bus;

// Dispatches the fixture's jobs the way an app does (dispatch()), so the tests need no tinker.
class DispatchCommand extends Command
{
    protected $signature = 'app:dispatch {job : append, secret (encrypted), fail, failnow (fails itself), release (releases itself once), batch (two append jobs in a Bus::batch) or batchfail (an append and a fail job)} {text} {--queue=default} {--tries=} {--delay=2}';

    protected $description = 'Dispatch a fixture job';

    public function handle()
    {
        if (in_array($this->argument('job'), ['batch', 'batchfail'], true)) {
            $text = $this->argument('text');
            $second = $this->argument('job') === 'batch' ? new AppendLine($text.'-2') : new FailingJob($text.'-2');
            $batch = Bus::batch([new AppendLine($text.'-1'), $second])
                ->onQueue($this->option('queue'))
                ->dispatch();
            $this->line($batch->id);

            return 0;
        }
        $text = $this->argument('text');
        $job = match ($this->argument('job')) {
            'fail' => new FailingJob($text),
            'secret' => new AppendSecretLine($text),
            'failnow' => new FailItself($text),
            'release' => new ReleaseOnce($text, (int) $this->option('delay')),
            default => new AppendLine($text),
        };
        if ($this->option('tries') !== null) {
            $job->tries = (int) $this->option('tries');
        }
        dispatch($job->onQueue($this->option('queue')));

        return 0;
    }
}
