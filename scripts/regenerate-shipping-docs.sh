#!/bin/sh
# Regenerates the checked-in completion scripts and man pages from the picocli model (run after
# adding a command or option; CompletionFilesTest and ManPagesTest fail until you do).
# `package` renders the man pages into target/man (what the tarball ships); man/ gets a copy.
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q -o package -DskipTests
target/qctl/bin/qctl completion bash > completion/qctl
target/qctl/bin/qctl completion zsh > completion/_qctl
rm -f man/*.1
cp target/man/*.1 man/
echo "regenerated completion/qctl completion/_qctl man/*.1"
