<?php

namespace App\Jobs;

use Illuminate\Bus\Batchable;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Queue\SerializesModels;
use RuntimeException;

// Fails while $FAIL_FLAG exists, so a test can make a retried job succeed by deleting it; its
// failed() notes the reason, as an app's cleanup would. Batchable, so a batch can hold a failure.
class FailingJob implements ShouldQueue
{
    use Batchable, Dispatchable, InteractsWithQueue, Queueable, SerializesModels;

    public $tries;

    public function __construct(public string $text)
    {
    }

    public function handle()
    {
        if (is_file(getenv('FAIL_FLAG'))) {
            throw new RuntimeException('cannot '.$this->text);
        }
        file_put_contents(getenv('JOBS_LOG'), $this->text." recovered\n", FILE_APPEND | LOCK_EX);
    }

    public function failed($e)
    {
        file_put_contents(getenv('JOBS_LOG'), $this->text.' failed(): '.$e->getMessage()."\n", FILE_APPEND | LOCK_EX);
    }
}
