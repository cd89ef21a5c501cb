#!/bin/sh
# Regenerates the checked-in completion scripts and man pages from the picocli model (run after
# adding a command or option; CompletionFilesTest and ManPagesTest fail until you do).
# `package` renders them into target/completion and target/man (what the tarball ships); this copies them.
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q -o package -DskipTests
cp target/completion/qctl target/completion/_qctl target/completion/qctl.fish completion/
rm -f man/*.1
cp target/man/*.1 man/
echo "regenerated completion/qctl completion/_qctl completion/qctl.fish man/*.1"
