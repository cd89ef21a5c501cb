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
use Illuminate\Queue\ManuallyFailedException;
use Illuminate\Queue\MaxAttemptsExceededException;
use RuntimeException;
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
 * Exit status (qctl's exec protocol): 0 the job ran (or deleted itself); 1 it threw (one failed
 * attempt; the exception is on stderr, its summary on the last line); 75 it released itself
 * ($this->release($delay): qctl puts it back after the delay, given on the last stderr line as
 * "qctl-release-after: SECONDS"); 76 it failed itself ($this->fail(): qctl fails it for good at
 * once); 2 stdin held no Laravel job payload.
 *
 * `qctl:fire --failed` is the handler's on_failure: program: it calls the job's failed($e) (through
 * CallQueuedHandler::failed, as Laravel's worker does) once qctl has failed the job for good, with
 * $QCTL_FAILURE_REASON as the exception's message. Bind it beside the job:
 *   on_failure: [php, /srv/app/artisan, qctl:fire, --failed]
 */
class QctlFireCommand extends Command
{
    protected $signature = 'qctl:fire {--failed : call the job\'s failed() instead (the on_failure: hook)}';

    /** qctl's exec protocol: put the job back after the delay on the last stderr line. */
    private const RELEASE = 75;

    /** qctl's exec protocol: fail the job for good now. */
    private const FAIL = 76;

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
        if ($this->option('failed')) {
            return $this->failed($job, $payload);
        }
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
        if ($job->hasFailed()) {
            // failed() is not called here: qctl calls it through --failed once the record is written
            $e = $job->failure() ?: new ManuallyFailedException('the job failed itself');
            fwrite(STDERR, get_class($e).': '.$e->getMessage()."\n");

            return self::FAIL;
        }
        if ($job->isReleased()) {
            fwrite(STDERR, 'qctl-release-after: '.$job->releaseDelay()."\n");

            return self::RELEASE;
        }

        return 0;
    }

    /** What Laravel's worker does with a job that failed for good, minus the failed_jobs record (qctl's). */
    private function failed(Job $job, array $payload)
    {
        $reason = (string) getenv('QCTL_FAILURE_REASON');
        $e = str_starts_with($reason, 'MaxAttemptsExceeded') || str_starts_with($reason, 'TimedOut')
            ? new MaxAttemptsExceededException($reason)
            : new RuntimeException($reason);
        try {
            [$class, $method] = JobName::parse($payload['job']);
            $handler = $this->handler($class);
            if (method_exists($handler, 'failed')) {
                $handler->failed($payload['data'] ?? [], $e, $payload['uuid'] ?? '');
            }
        } catch (Throwable $t) {
            $this->laravel->make(ExceptionHandler::class)->report($t);
            fwrite(STDERR, $t."\n".get_class($t).': '.$t->getMessage()."\n");

            return 1;
        }

        return 0;
    }

    /** Laravel's own handler, except that qctl counts the job in its batch, success or failure (so it is counted once). */
    private function handler(string $class)
    {
        if ($class !== CallQueuedHandler::class) {
            return $this->laravel->make($class);
        }

        return new class($this->laravel->make(Dispatcher::class), $this->laravel) extends CallQueuedHandler {
            protected function ensureSuccessfulBatchJobIsRecorded($command)
            {
            }

            protected function ensureFailedBatchJobIsRecorded(string $uuid, $command, $e)
            {
            }
        };
    }

    /** The job as Laravel's handlers see it; the facts qctl knows come from its environment. */
    private function job(string $raw): Job
    {
        return new class($this->laravel, $raw) extends Job implements JobContract {
            private $raw;

            private $delay = 0;

            private $failure;

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

            public function release($delay = 0)
            {
                parent::release($delay);
                $this->delay = max(0, (int) $delay);
            }

            public function releaseDelay(): int
            {
                return $this->delay;
            }

            // $job->fail($e) ends here; qctl records it and calls failed() through --failed afterwards
            protected function failed($e)
            {
                $this->failure = $e;
            }

            public function failure()
            {
                return $this->failure;
            }
        };
    }
}
