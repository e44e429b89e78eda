package io.gridwatch.cli.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the benchmarks read about this machine and this process. Linux only: CPU times of child
 * processes, RSS and machine-wide CPU come from /proc, the only place that has them all.
 */
public final class Machine {

  /** USER_HZ, the unit of the tick counts in /proc: 100 on every Linux ABI that matters here. */
  private static final long TICK_NS = 10_000_000L;

  private Machine() {}

  /** CPU time of this JVM, all threads (decoder threads of GStreamer, GC and JIT included). */
  static long processCpuNs() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  /** CPU time of the calling thread: FFmpeg with one thread decodes on the caller's thread. */
  static long threadCpuNs() {
    return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
  }

  /**
   * CPU time (user + system) of this JVM's children that have exited and been reaped. The JVM
   * reaps a child before {@link Process#waitFor()} returns, so a difference around one child
   * run is that child's CPU time, at 10 ms resolution.
   */
  static long childrenCpuNs() {
    String stat = read("/proc/self/stat");
    // The command name (field 2) may hold spaces; fields after its closing parenthesis start at 3.
    String[] f = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
    return (Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3])) * TICK_NS;
  }

  /** Resident set size of this JVM in bytes: heap, native buffers (FFmpeg, RocksDB) and code. */
  static long rssBytes() {
    for (String line : read("/proc/self/status").split("\n")) {
      if (line.startsWith("VmRSS:")) {
        return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
      }
    }
    return -1;
  }

  /** Machine-wide CPU ticks since boot: {busy, total}. Shows load from outside this process too. */
  static long[] machineTicks() {
    String[] f = read("/proc/stat").split("\n")[0].trim().split("\\s+");
    long total = 0;
    for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
      total += Long.parseLong(f[i]);
    }
    long idle = Long.parseLong(f[4]) + Long.parseLong(f[5]);
    return new long[] {total - idle, total};
  }

  /** The 1-minute load average, to show whether something else competed for the cores. */
  static double loadAverage() {
    return Double.parseDouble(read("/proc/loadavg").split("\\s+")[0]);
  }

  /** Cores, CPU model, RAM and JVM, for the report. */
  public static Map<String, Object> describe() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("cores", Runtime.getRuntime().availableProcessors());
    m.put("cpuModel", read("/proc/cpuinfo").lines().filter(l -> l.startsWith("model name"))
        .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown"));
    m.put("ramGiB", read("/proc/meminfo").lines().filter(l -> l.startsWith("MemTotal:"))
        .map(l -> Math.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0 * 10) / 10.0)
        .findFirst().orElse(0.0));
    m.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    m.put("maxHeapMiB", Runtime.getRuntime().maxMemory() >> 20);
    return m;
  }

  /** One line describing {@link #describe()}'s map. */
  public static String line(Map<String, Object> m) {
    return m.get("cores") + " cores (" + m.get("cpuModel") + "), " + m.get("ramGiB") + " GiB RAM, "
        + m.get("java") + ", max heap " + m.get("maxHeapMiB") + " MiB";
  }

  /** Runs a short command and returns its first output line, or null when it cannot run. */
  static String firstLine(List<String> command) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      p.waitFor();
      return p.exitValue() == 0 ? out.lines().findFirst().orElse("") : null;
    } catch (IOException e) {
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static String read(String file) {
    try {
      return Files.readString(Path.of(file));
    } catch (IOException e) {
      throw new IllegalStateException("cannot read " + file + " (the benchmarks need Linux /proc): " + e.getMessage(), e);
    }
  }
}
