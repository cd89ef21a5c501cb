<?php

namespace App\Console\Commands;

use Illuminate\Console\Command;
use Illuminate\Contracts\Bus\Dispatcher;
use Illuminate\Contracts\Debug\ExceptionHandler;
use Illuminate\Contracts\Events\Dispatcher as Events;
use Illuminate\Contracts\Queue\Job as JobContract;
use Illuminate\Queue\CallQueuedHandler;
use Illuminate\Queue\Events\JobExceptionOccurred;
use Illuminate\Queue\Events\JobProcessed;
use Illuminate\Queue\Events\JobProcessing;
use Illuminate\Queue\Jobs\Job;
use Illuminate\Queue\Jobs\JobName;
use Throwable;

/**
 * Runs one Laravel job payload, read from stdin, inside this app: what `queue:work` does with
 * a job it popped, minus the queue. qctl's worker owns the queue side (reservation, tries,
 * backoff, timeout, failed_jobs, batch counts), so this command only fires the job.
 *
 * Install: copy this file to app/Console/Commands/ (Laravel 8+ loads that folder; otherwise list
 * the class in app/Console/Kernel.php's $commands), then bind a qctl handler to it:
 *   handlers: {laravel: {exec: [php, /srv/app/artisan, qctl:fire], match: ["App\\Jobs\\*"]}}
 *
 * Exit status: 0 the job ran (or deleted itself); 1 it threw, released itself or failed itself
 * (one failed attempt for qctl; the exception is on stderr, its summary on the last line);
 * 2 stdin held no Laravel job payload.
 */
class QctlFireCommand extends Command
{
    protected $signature = 'qctl:fire';

    protected $description = 'Run one Laravel job payload read from stdin (for qctl work)';

    public function handle()
    {
        $raw = stream_get_contents(STDIN);
        $payload = json_decode($raw, true);
        if (! is_array($payload) || ! isset($payload['job']) || ! is_string($payload['job'])) {
            fwrite(STDERR, "qctl:fire: stdin holds no Laravel job payload (a JSON object with a \"job\" field)\n");

            return 2;
        }
        $job = $this->job($raw);
        $events = $this->laravel->make(Events::class);
        $connection = $job->getConnectionName();
        try {
            $events->dispatch(new JobProcessing($connection, $job));
            [$class, $method] = JobName::parse($payload['job']);
            $this->handler($class)->{$method}($job, $payload['data'] ?? []);
            $events->dispatch(new JobProcessed($connection, $job));
        } catch (Throwable $e) {
            $this->laravel->make(ExceptionHandler::class)->report($e);
            $events->dispatch(new JobExceptionOccurred($connection, $job, $e));
            fwrite(STDERR, $e."\n".get_class($e).': '.$e->getMessage()."\n");

            return 1;
        }
        if ($job->isReleased() || $job->hasFailed()) {
            // qctl decides what happens next (backoff, tries, failed_jobs) from its own settings
            fwrite(STDERR, 'qctl:fire: the job '.($job->hasFailed() ? 'failed itself' : 'released itself')."\n");

            return 1;
        }

        return 0;
    }

    /** Laravel's own handler, except that qctl counts the job in its batch (so it is counted once). */
    private function handler(string $class)
    {
        if ($class !== CallQueuedHandler::class) {
            return $this->laravel->make($class);
        }

        return new class($this->laravel->make(Dispatcher::class), $this->laravel) extends CallQueuedHandler {
            protected function ensureSuccessfulBatchJobIsRecorded($command)
            {
            }
        };
    }

    /** The job as Laravel's handlers see it; the facts qctl knows come from its environment. */
    private function job(string $raw): Job
    {
        return new class($this->laravel, $raw) extends Job implements JobContract {
            private $raw;

            public function __construct($container, string $raw)
            {
                $this->container = $container;
                $this->raw = $raw;
                $this->queue = getenv('QCTL_QUEUE') ?: 'default';
                $this->connectionName = getenv('QCTL_CONNECTION_NAME') ?: 'qctl';
            }

            public function attempts()
            {
                return (int) (getenv('QCTL_ATTEMPT') ?: 1);
            }

            public function getJobId()
            {
                return getenv('QCTL_JOB_ID') ?: '';
            }

            public function getRawBody()
            {
                return $this->raw;
            }
        };
    }
}
