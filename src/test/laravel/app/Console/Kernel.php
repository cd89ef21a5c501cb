<?php

namespace App\Console;

use Illuminate\Foundation\Console\Kernel as ConsoleKernel;

class Kernel extends ConsoleKernel
{
    protected $commands = [
        Commands\DispatchCommand::class,
        Commands\BatchCommand::class,
        // dist/laravel/QctlFireCommand.php, copied here by the tests as a user would
        Commands\QctlFireCommand::class,
    ];
}
