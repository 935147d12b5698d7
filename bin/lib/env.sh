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

# IPOPT, the preferred NLP solver of the control module (its tests are skipped without it);
# installed when missing and we may (root), else say how.
# With "quiet" (the launcher), a user who is not root is told nothing: the solvers fall back to the
# pure-Java SQP and every result says which solver ran and why.
ensure_ipopt() {
  local hint="apt-get install -y coinor-libipopt1v5"
  if { command -v ldconfig >/dev/null 2>&1 && ldconfig -p 2>/dev/null | grep 'libipopt\.so\.1 ' >/dev/null; } ||
     [ -e /usr/lib/libipopt.so.1 ] || [ -e "/usr/lib/$(uname -m)-linux-gnu/libipopt.so.1" ]; then
    return 0
  fi
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deadwood: installing IPOPT ($hint)" >&2
    { apt-get update -qq && apt-get install -y -qq coinor-libipopt1v5; } >/dev/null 2>&1 ||
      echo "deadwood: could not install IPOPT; the control module's IPOPT tests will be skipped (as root: $hint)" >&2
  elif [ "${1:-}" != quiet ]; then
    echo "deadwood: IPOPT is not installed; the control module's IPOPT tests will be skipped (as root: $hint)" >&2
  fi
}

# Debian's Chromium, for the test that opens the HTML reports in a real headless browser. Where it is
# found or installed, DEADWOOD_CHROMIUM names it and that test must pass; elsewhere it is skipped.
ensure_chromium() {
  local found
  found=$(command -v chromium || command -v chromium-browser || true)
  if [ -z "$found" ] && [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "deadwood: installing Chromium (apt-get install -y chromium) for the report test" >&2
    { apt-get update -qq && apt-get install -y -qq chromium; } >/dev/null 2>&1 ||
      echo "deadwood: could not install Chromium; the browser test of the reports will be skipped" >&2
    found=$(command -v chromium || true)
  fi
  if [ -n "$found" ]; then
    export DEADWOOD_CHROMIUM="$found"
  else
    echo "deadwood: no Chromium; the browser test of the reports will be skipped (as root: apt-get install -y chromium)" >&2
  fi
}

# A single-node Slurm (munged, slurmctld, slurmd from Debian) for the Slurm executor's test, started
# as root and stopped when the calling script exits. Elsewhere that test is skipped.
start_slurm_node() {
  local state="$DEADWOOD_ROOT/target/slurm-node"
  if [ "$(id -u)" != 0 ]; then
    echo "deadwood: not root, so no single-node Slurm; the Slurm executor's test will be skipped" >&2
    return 0
  fi
  if "$DEADWOOD_ROOT/bin/lib/slurm-node" start "$state"; then
    export SLURM_CONF="$state/slurm.conf" DEADWOOD_SLURM=1
    trap '"$DEADWOOD_ROOT/bin/lib/slurm-node" stop "'"$state"'"' EXIT
  else
    echo "deadwood: the single-node Slurm did not start (see $state/log); the Slurm executor's test will be skipped" >&2
  fi
}

build_stamp="$DEADWOOD_ROOT/reproduce/target/lib/.built"

# The stamp records the TornadoVM SDK the build was made with: the GPU kernels are compiled only
# when TORNADOVM_HOME is set, so setting, changing or unsetting it calls for a new build.
build_is_stale() {
  [ -f "$build_stamp" ] || return 0
  [ "$(cat "$build_stamp" 2>/dev/null)" = "tornado=${TORNADOVM_HOME:-}" ] || return 0
  [ -n "$(find "$DEADWOOD_ROOT" \( -path "$DEADWOOD_ROOT/.git" -o -path "$DEADWOOD_ROOT/examples" \) -prune -o \
          \( -name '*.java' -o -name 'pom.xml' -o -path '*/src/main/resources/*' \) \
          -newer "$build_stamp" -print -quit 2>/dev/null)" ]
}

ensure_build() {
  if build_is_stale; then
    find_maven
    echo "deadwood: building (mvn package, tests skipped)..." >&2
    local log
    log=$(mktemp)
    # The class path is every jar in lib/, so a dependency's old version left there by an earlier
    # build would load beside the new one.
    rm -rf "$DEADWOOD_ROOT/reproduce/target/lib"
    if ! (cd "$DEADWOOD_ROOT" && mvn -B -q -DskipTests package >"$log" 2>&1); then
      cat "$log" >&2
      rm -f "$log"
      die "the build failed (output above); fix it or run 'mvn -DskipTests package' to see more"
    fi
    rm -f "$log"
    echo "tornado=${TORNADOVM_HOME:-}" >"$build_stamp"
  fi
}

# TornadoVM's JVM flags, from the SDK's own argfile: JVMCI, the Graal jars on the upgrade module
# path, the SDK's modules and export lists. SDKs ship tornado-argfile.template with ${TORNADOVM_HOME}
# placeholders (their 'tornado' launcher expands it on first use); expand it here when needed.
# Prints the path of a ready argfile, or fails saying what is missing.
tornado_argfile() {
  local sdk=${TORNADOVM_HOME:?} template out
  template="$sdk/tornado-argfile.template"
  if [ -f "$sdk/tornado-argfile" ] && { [ ! -f "$template" ] || [ "$sdk/tornado-argfile" -nt "$template" ]; }; then
    echo "$sdk/tornado-argfile"
    return 0
  fi
  [ -f "$template" ] || die "TORNADOVM_HOME=$sdk has neither tornado-argfile nor tornado-argfile.template; is it a TornadoVM SDK (its folder holds bin/tornado and share/java/tornado)?"
  out="$DEADWOOD_ROOT/tornado-backend/target/tornado-argfile"
  mkdir -p "$(dirname "$out")"
  sed "s#\${TORNADOVM_HOME}#$sdk#g" "$template" >"$out.tmp" && mv "$out.tmp" "$out"
  echo "$out"
}
