package sc.fiji.cmems.bench;

import java.util.List;

/** The seconds of each of a block of runs, and what the process spent on the whole block (null where unknown). */
public final class TimedRuns {

	public final List<Double> seconds;
	public final CpuUse cpu;

	public TimedRuns(final List<Double> seconds, final CpuUse cpu) {
		this.seconds = seconds;
		this.cpu = cpu;
	}
}
