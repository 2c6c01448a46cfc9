# Picks a JDK 21+ for ./bank, ./mvnw and .ci/run. Sourced, not run; POSIX sh, so ./mvnw (sh, `set -euf`) can
# source it too: no `local`, every variable prefixed with _jdk_, globbing switched on only where needed.
#
#   find_jdk NAME   sets and exports JAVA_HOME and sets JDK_MAJOR, or prints one line on stderr (starting with
#                   NAME) saying which JDK is needed and how to point JAVA_HOME at it, and returns 1.
#
# Order: JAVA_HOME if it is a JDK 21+; else the newest JDK 21+ under /usr/lib/jvm; else the JDK that `java` on the
# PATH belongs to, if it is 21+. A JDK here is a directory with bin/java and bin/javac (the build needs javac).
# Versions come from the JDK's release file, read without starting a process: ./bank runs on every MCP client
# launch, and starting a JVM just to ask its version would cost more than the rest of the launcher.

# Sets _jdk_major to the major version in release file $1 (JAVA_VERSION="25.0.1", "21", "1.8.0_392"), else 0.
jdk_read_release() {
  _jdk_major=0
  while IFS= read -r _jdk_line || [ -n "$_jdk_line" ]; do
    case "$_jdk_line" in
    JAVA_VERSION=*)
      _jdk_line=${_jdk_line#JAVA_VERSION=}
      _jdk_line=${_jdk_line#\"}
      case "$_jdk_line" in 1.*) _jdk_line=${_jdk_line#1.} ;; esac
      _jdk_line=${_jdk_line%%[!0-9]*}
      _jdk_major=${_jdk_line:-0}
      return 0
      ;;
    esac
  done <"$1"
}

# Sets _jdk_major to the major version of the JDK at directory $1, else 0. Its release file, or the one of the
# directory its bin/java really lives in; only without either is java asked.
jdk_home_major() {
  _jdk_major=0
  if [ -f "$1/release" ]; then
    jdk_read_release "$1/release"
  elif [ -x "$1/bin/java" ]; then
    _jdk_real=$(readlink -f "$1/bin/java" 2>/dev/null) || _jdk_real=
    _jdk_real=${_jdk_real%/bin/java}
    if [ -n "$_jdk_real" ] && [ -f "$_jdk_real/release" ]; then
      jdk_read_release "$_jdk_real/release"
    else
      _jdk_major=$("$1/bin/java" -version 2>&1 | awk -F'"' '/version/ {split($2, v, "."); print (v[1] == "1" ? v[2] + 0 : v[1] + 0); exit}') || _jdk_major=0
      case "$_jdk_major" in '' | *[!0-9]*) _jdk_major=0 ;; esac
    fi
  fi
}

# Succeeds when directory $1 is a JDK 21 or newer (and leaves its version in _jdk_major).
jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] && jdk_home_major "$1" && [ "$_jdk_major" -ge 21 ]
}

find_jdk() {
  if [ -n "${JAVA_HOME:-}" ] && jdk_ok "$JAVA_HOME"; then
    JDK_MAJOR=$_jdk_major
    export JAVA_HOME
    return 0
  fi
  # The newest JDK 21+ under /usr/lib/jvm; of equal versions, a real directory rather than an alias symlink.
  _jdk_best= _jdk_best_major=0
  case $- in *f*) _jdk_noglob=1 && set +f ;; *) _jdk_noglob= ;; esac
  for _jdk_cand in /usr/lib/jvm/*; do
    if jdk_ok "$_jdk_cand"; then
      if [ "$_jdk_major" -gt "$_jdk_best_major" ] || { [ "$_jdk_major" -eq "$_jdk_best_major" ] && [ -L "$_jdk_best" ] && [ ! -L "$_jdk_cand" ]; }; then
        _jdk_best=$_jdk_cand _jdk_best_major=$_jdk_major
      fi
    fi
  done
  [ -z "$_jdk_noglob" ] || set -f
  # Else the JDK the java on the PATH belongs to.
  if [ -z "$_jdk_best" ] && command -v java >/dev/null 2>&1; then
    _jdk_real=$(command -v java)
    _jdk_real=$(readlink -f "$_jdk_real" 2>/dev/null) || :
    _jdk_real=${_jdk_real%/bin/java}
    if [ -n "$_jdk_real" ] && jdk_ok "$_jdk_real"; then
      _jdk_best=$_jdk_real _jdk_best_major=$_jdk_major
    fi
  fi
  if [ -z "$_jdk_best" ]; then
    echo "$1: needs a JDK 21 or newer, and JAVA_HOME, /usr/lib/jvm and the java on the PATH have none; install one and point JAVA_HOME at it: export JAVA_HOME=/path/to/jdk-21" >&2
    return 1
  fi
  JAVA_HOME=$_jdk_best
  JDK_MAJOR=$_jdk_best_major
  export JAVA_HOME
}
