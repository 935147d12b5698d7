# Shared by bin/deadwood and bin/test: find a JDK >= 25, Maven, and the build.
# shellcheck shell=bash

DEADWOOD_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
export MAVEN_OPTS="${MAVEN_OPTS:-} --sun-misc-unsafe-memory-access=allow"

die() {
  echo "error: $*" >&2
  exit 2
}

java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    awk -F'= ' '/java.specification.version/ { split($2, v, "."); print v[1]; exit }'
}

# JAVA_HOME wins when it is new enough; otherwise the newest JDK >= 25 under /usr/lib/jvm.
find_jdk() {
  local candidate major best="" best_major=0
  if [ -n "${JAVA_HOME:-}" ] && [ -x "$JAVA_HOME/bin/javac" ]; then
    major=$(java_major "$JAVA_HOME")
    if [ "${major:-0}" -ge 25 ]; then return 0; fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -x "$candidate/bin/javac" ] || continue
    major=$(java_major "$candidate")
    if [ "${major:-0}" -ge 25 ] && [ "$major" -gt "$best_major" ]; then
      best=$candidate
      best_major=$major
    fi
  done
  [ -n "$best" ] || die "Deadwood needs a JDK 25 or newer and found none (JAVA_HOME=${JAVA_HOME:-unset}, nothing suitable under /usr/lib/jvm); install a JDK 25 (for example Temurin 25) and set JAVA_HOME to it"
  export JAVA_HOME=$best
}

find_maven() {
  if command -v mvn >/dev/null 2>&1; then return 0; fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deadwood: installing Maven (apt-get install -y maven)" >&2
    { apt-get update -qq && apt-get install -y -qq maven; } >/dev/null 2>&1 || die "could not install Maven with apt-get; install Apache Maven 3.8 or newer"
  else
    die "Apache Maven is not installed; install Maven 3.8 or newer (as root: apt-get install -y maven)"
  fi
}

# The embedded default data set; installed when missing and we may (root), else say how.
ensure_fashion_mnist() {
  local dir=/usr/share/datasets/fashion-mnist
  [ -n "${DEADWOOD_DATA:-}" ] && return 0
  [ -f "$dir/train-images-idx3-ubyte.gz" ] && return 0
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deadwood: installing the Fashion-MNIST data set (apt-get install -y dataset-fashion-mnist)" >&2
    { apt-get update -qq && apt-get install -y -qq dataset-fashion-mnist; } >/dev/null 2>&1 ||
      die "could not install dataset-fashion-mnist; run 'apt-get install -y dataset-fashion-mnist' as root or set DEADWOOD_DATA to a folder with the four Fashion-MNIST IDX files"
  fi
}

build_stamp="$DEADWOOD_ROOT/reproduce/target/lib/.built"

build_is_stale() {
  [ -f "$build_stamp" ] || return 0
  [ -n "$(find "$DEADWOOD_ROOT" -path "$DEADWOOD_ROOT/.git" -prune -o \
          \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
          -newer "$build_stamp" -print -quit 2>/dev/null)" ]
}

ensure_build() {
  if build_is_stale; then
    find_maven
    echo "deadwood: building (mvn package, tests skipped)..." >&2
    local log
    log=$(mktemp)
    if ! (cd "$DEADWOOD_ROOT" && mvn -B -q -DskipTests package >"$log" 2>&1); then
      cat "$log" >&2
      rm -f "$log"
      die "the build failed (output above); fix it or run 'mvn -DskipTests package' to see more"
    fi
    rm -f "$log"
    touch "$build_stamp"
  fi
}
