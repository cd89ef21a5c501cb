<?php

return [
    'default' => env('CACHE_DRIVER', 'database'),
    'stores' => [
        'database' => [
            'driver' => 'database',
            'table' => 'cache',
            'connection' => null,
        ],
        'redis' => [
            'driver' => 'redis',
            'connection' => 'cache',
        ],
    ],
    // Laravel 8's default: the slug of APP_NAME plus _cache
    'prefix' => env('CACHE_PREFIX', 'laravel_cache'),
];
