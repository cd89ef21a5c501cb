#!/bin/sh
# Regenerates the checked-in completion scripts and man pages from the picocli model (run after
# adding a command or option; CompletionFilesTest and ManPagesTest fail until you do).
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q -o package -DskipTests
target/qctl/bin/qctl completion bash > completion/qctl
target/qctl/bin/qctl completion zsh > completion/_qctl
./mvnw -B -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt >/dev/null
rm -f man/*.1
"${JAVA_HOME:-/usr}/bin/java" --enable-native-access=ALL-UNNAMED \
  -cp "target/classes:target/test-classes:$(cat target/test-classpath.txt)" dev.qctl.cli.ManPages man
echo "regenerated completion/qctl completion/_qctl man/*.1"
