<?php

namespace App\Jobs;

use Illuminate\Contracts\Queue\ShouldBeEncrypted;

// As AppendLine, but Laravel encrypts the serialized command with APP_KEY in the payload.
class AppendSecretLine extends AppendLine implements ShouldBeEncrypted
{
}
