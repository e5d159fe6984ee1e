package sc.fiji.cmems.bench;

/** A piece of engine work the benchmark repeats and times. */
interface Workload extends AutoCloseable {

	/** Runs the work once (one training step, one inference batch). */
	void runOnce();

	/** Writes what the PyTorch twin needs to do the same work (weights, inputs). */
	void export(TensorFile file);

	@Override
	void close();
}
