# Sourced by ./epicenter and .ci/run: exports JAVA_HOME pointing at a JDK >= 21.
# Keeps a JAVA_HOME that is already new enough; otherwise looks in /usr/lib/jvm (newest first).
_epicenter_jdk_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p' | head -n1
}
_epicenter_jdk_ok() {
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 1
  local v; v=$(_epicenter_jdk_major "$1"); v=${v%%.*}
  [ -n "$v" ] && [ "$v" -ge 21 ] 2>/dev/null
}
if [ -z "${JAVA_HOME:-}" ] || ! _epicenter_jdk_ok "$JAVA_HOME"; then
  _found=""
  for _d in $(ls -d /usr/lib/jvm/*/ 2>/dev/null | sort -rV); do
    _d=${_d%/}
    if _epicenter_jdk_ok "$_d"; then _found=$_d; break; fi
  done
  if [ -z "$_found" ]; then
    echo "epicenter: no JDK >= 21 found (JAVA_HOME=${JAVA_HOME:-unset}; searched /usr/lib/jvm). Install one and set JAVA_HOME." >&2
    return 1 2>/dev/null || exit 1
  fi
  export JAVA_HOME=$_found
fi
export PATH="$JAVA_HOME/bin:$PATH"
