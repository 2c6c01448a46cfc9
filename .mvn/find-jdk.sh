# Picks a JDK 21+ for ./bank, ./mvnw and .ci/run. Sourced, not run; POSIX sh, so ./mvnw (sh, `set -euf`) can
# source it too: no globs, no `local`, every variable prefixed with _jdk_.
#
#   find_jdk NAME   sets and exports JAVA_HOME and sets JDK_MAJOR, or prints one line on stderr (starting with
#                   NAME) saying which JDK is needed and how to point JAVA_HOME at it, and returns 1.
#
# Order: JAVA_HOME if it is a JDK 21+; else the newest JDK 21+ under /usr/lib/jvm; else the JDK that `java` on the
# PATH belongs to, if it is 21+. A JDK here is a directory with bin/java and bin/javac (the build needs javac).

# The major version of the JDK whose java binary is $1, from the JDK's release file when it has one (starting a JVM
# to ask costs start-up time, and ./bank runs on every MCP client launch); 0 when it cannot be told.
jdk_major() {
  _jdk_bin=$(readlink -f "$1" 2>/dev/null) || _jdk_bin=$1
  _jdk_dir=$(dirname "$(dirname "$_jdk_bin")")
  if [ -f "$_jdk_dir/release" ]; then
    _jdk_v=$(awk -F'"' '/^JAVA_VERSION=/ {split($2, v, "."); print (v[1] == "1" ? v[2] + 0 : v[1] + 0); exit}' \
      "$_jdk_dir/release" 2>/dev/null) || _jdk_v=
  else
    _jdk_v=$("$1" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] + 0 : v[1] + 0); exit}') || _jdk_v=
  fi
  case "$_jdk_v" in '' | *[!0-9]*) echo 0 ;; *) echo "$_jdk_v" ;; esac
}

# Succeeds when $1 is a JDK home of version 21 or newer.
jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && [ "$(jdk_major "$1/bin/java")" -ge 21 ]
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then
    JDK_MAJOR=$(jdk_major "$JAVA_HOME/bin/java")
    export JAVA_HOME
    return 0
  fi
  # Every JDK 21+ under /usr/lib/jvm as "major path", highest major first; the first line wins.
  _jdk_best=$(find /usr/lib/jvm -mindepth 1 -maxdepth 1 2>/dev/null | while IFS= read -r _jdk_cand; do
      if [ -x "$_jdk_cand/bin/java" ] && [ -x "$_jdk_cand/bin/javac" ]; then
        _jdk_m=$(jdk_major "$_jdk_cand/bin/java")
        if [ "$_jdk_m" -ge 21 ]; then
          printf '%s %s\n' "$_jdk_m" "$(readlink -f "$_jdk_cand" 2>/dev/null || echo "$_jdk_cand")"
        fi
      fi
    done | sort -k1,1nr -k2 | awk 'NR == 1 {sub(/^[0-9]+ /, ""); print}') || _jdk_best=
  if [ -z "$_jdk_best" ] && command -v java >/dev/null 2>&1; then
    _jdk_bin=$(command -v java)
    _jdk_bin=$(readlink -f "$_jdk_bin" 2>/dev/null) || :
    _jdk_home=$(dirname "$(dirname "$_jdk_bin")")
    if jdk_ok "$_jdk_home"; then _jdk_best=$_jdk_home; fi
  fi
  if [ -z "$_jdk_best" ]; then
    echo "$1: needs a JDK 21 or newer, and JAVA_HOME, /usr/lib/jvm and the java on the PATH have none; install one and point JAVA_HOME at it: export JAVA_HOME=/path/to/jdk-21" >&2
    return 1
  fi
  JAVA_HOME=$_jdk_best
  JDK_MAJOR=$(jdk_major "$JAVA_HOME/bin/java")
  export JAVA_HOME
}
