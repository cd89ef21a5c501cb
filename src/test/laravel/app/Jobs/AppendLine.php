<?php

namespace App\Jobs;

use Illuminate\Bus\Batchable;
use Illuminate\Bus\Queueable;
use Illuminate\Contracts\Queue\ShouldQueue;
use Illuminate\Foundation\Bus\Dispatchable;
use Illuminate\Queue\InteractsWithQueue;
use Illuminate\Queue\SerializesModels;

// Appends its text to $JOBS_LOG: the side effect the tests look for.
class AppendLine implements ShouldQueue
{
    use Batchable, Dispatchable, InteractsWithQueue, Queueable, SerializesModels;

    public $tries;

    public function __construct(public string $text)
    {
    }

    public function handle()
    {
        file_put_contents(getenv('JOBS_LOG'), $this->text.' attempt='.$this->attempts()."\n", FILE_APPEND | LOCK_EX);
    }
}
