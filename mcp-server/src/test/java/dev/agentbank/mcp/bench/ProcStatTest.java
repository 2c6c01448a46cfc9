package dev.agentbank.mcp.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

class ProcStatTest {
    @Test
    void addsUserAndSystemTicksCountedAfterACommandNameWithSpaces() {
        // utime 1234 and stime 56 ticks (fields 14 and 15), after a command name holding ") (" and spaces.
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 51234 0 12 0 1234 56 0 0 20 0 40 0 1000 5000000 30000";
        assertThat(ProcStat.cpuMillis(stat)).isEqualTo((1234 + 56) * 10);
        assertThat(ProcStat.name(stat)).isEqualTo("java (main) x");
    }

    @Test
    @EnabledOnOs(OS.LINUX)
    void readsThisProcessesCpuTimeGrowingUnderWork() throws Exception {
        long before = ProcStat.cpuMillis(Files.readString(Path.of("/proc/self/stat")));
        long spin = System.nanoTime() + 300_000_000L;
        double sink = 0;
        while (System.nanoTime() < spin) {
            sink += Math.sqrt(sink + 1);
        }
        long after = ProcStat.cpuMillis(Files.readString(Path.of("/proc/self/stat")));
        assertThat(sink).isPositive();
        assertThat(after).isGreaterThan(before);
    }
}
