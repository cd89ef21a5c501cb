#!/bin/sh
# Regenerates the checked-in completion scripts from the picocli model (run after adding a
# command or option; CompletionFilesTest fails until you do). Builds qctl first.
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q -o package -DskipTests
target/qctl/bin/qctl completion bash > completion/qctl
target/qctl/bin/qctl completion zsh > completion/_qctl
echo "regenerated completion/qctl completion/_qctl"
