package dev.agentbank.mcp.bench;

/** Reads a process's CPU time from the text of Linux's /proc/<pid>/stat. */
final class ProcStat {
    /** USER_HZ: the unit of utime and stime; 100 on every Linux architecture the JDK runs on. */
    static final long TICKS_PER_SECOND = 100;

    private ProcStat() {}

    /** The command name (a thread's name for /proc/<pid>/task/<tid>/stat), between the first '(' and the last ')'. */
    static String name(String stat) {
        return stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    }

    /** utime + stime (fields 14 and 15) in milliseconds; counted after the ')' closing the command name, which may hold spaces. */
    static long cpuMillis(String stat) {
        int close = stat.lastIndexOf(')');
        if (close < 0) {
            throw new IllegalArgumentException("not a /proc/<pid>/stat line");
        }
        String[] fields = stat.substring(close + 2).trim().split(" +");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        long ticks = Long.parseLong(fields[14 - 3]) + Long.parseLong(fields[15 - 3]);
        return ticks * 1000 / TICKS_PER_SECOND;
    }
}
