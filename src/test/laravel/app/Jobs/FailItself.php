<?php

namespace App\Jobs;

use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Queue\SerializesModels;
use RuntimeException;

// Gives up at once with $this->fail(), whatever its tries; its failed() notes the reason.
class FailItself implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, SerializesModels;

    public $tries;

    public function __construct(public string $text)
    {
    }

    public function handle()
    {
        file_put_contents(getenv('JOBS_LOG'), $this->text.' attempt='.$this->attempts()."\n", FILE_APPEND | LOCK_EX);
        $this->fail(new RuntimeException('gave up on '.$this->text));
    }

    public function failed($e)
    {
        file_put_contents(getenv('JOBS_LOG'), $this->text.' failed(): '.$e->getMessage()."\n", FILE_APPEND | LOCK_EX);
    }
}
