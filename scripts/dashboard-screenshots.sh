#!/bin/sh
# Regenerates docs/dashboard-*.png: builds qctl, runs the dashboard's browser test (headless
# Debian chromium), and keeps the screenshots it takes of every page.
set -eu
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
./mvnw -B -q test-compile failsafe:integration-test failsafe:verify \
  -Dit.test=DashboardIT -Dsurefire.failIfNoSpecifiedTests=false -Dqctl.screenshots="$PWD/docs"
ls docs/dashboard-*.png
