<?php

namespace App\Jobs;

use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Queue\SerializesModels;

// Releases itself for $releaseFor seconds on its first attempt, as a job waiting on something does; then appends.
class ReleaseOnce implements ShouldQueue
{
    use Dispatchable, InteractsWithQueue, Queueable, SerializesModels;

    public $tries;

    public function __construct(public string $text, public int $releaseFor)
    {
    }

    public function handle()
    {
        if ($this->attempts() === 1) {
            $this->release($this->releaseFor);

            return;
        }
        file_put_contents(getenv('JOBS_LOG'), $this->text.' attempt='.$this->attempts().' at='.time()."\n", FILE_APPEND | LOCK_EX);
    }
}
