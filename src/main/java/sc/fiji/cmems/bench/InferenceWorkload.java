package sc.fiji.cmems.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;

import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.data.Normalization;
import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.Seeds;
import sc.fiji.cmems.engine.infer.Segmenter;
import sc.fiji.cmems.engine.net.NetworkSettings;
import sc.fiji.cmems.engine.net.SegmentationNetwork;
import sc.fiji.cmems.engine.net.WeightInit;

/**
 * Inference as {@link Segmenter} does it for a CMEMS model: one batch of
 * slices at the network size through both networks, softmax averaged, argmax,
 * labels back as Java arrays.
 */
final class InferenceWorkload implements Workload {

	private final NDManager root;
	private final NetworkSettings settings = new NetworkSettings();
	private final List<SegmentationNetwork> networks = new ArrayList<>();
	private final Segmenter segmenter;
	private final float[][] slices;
	private final int size;

	/** @param slices one batch of slices, each {@code size x size} */
	InferenceWorkload(final float[][] slices, final int size, final int networkCount, final long seed, final Device device) {
		this.slices = slices;
		this.size = size;
		this.root = Djl.engine().newBaseManager(device);
		for (int k = 0; k < networkCount; k++)
			networks.add(SegmentationNetwork.create(settings, BenchInputs.CLASSES, WeightInit.forNetwork(k), Seeds.derive(seed, 0x1FE4, k), root));
		segmenter = new Segmenter(networks, BenchInputs.CLASSES, size, new Normalization(), root).batchSize(slices.length);
	}

	@Override
	public void runOnce() {
		segmenter.segmentSlices(slices, size, size);
	}

	/** @return slices per {@link #runOnce()} */
	int batch() {
		return slices.length;
	}

	/** Writes the networks and the slices for the twin. */
	@Override
	public void export(final TensorFile file) {
		file.addLongs("meta/case", new long[] { 2 }, 1);
		StepWorkload.exportNetworks(file, settings, networks, BenchInputs.CLASSES);
		file.add("meta/sgd", new float[] { 0f, 0f, 0f }, 3);
		final float[] all = new float[slices.length * size * size];
		for (int i = 0; i < slices.length; i++) System.arraycopy(slices[i], 0, all, i * size * size, size * size);
		file.add("batch/inference/slices", all, slices.length, 1, size, size);
	}

	@Override
	public void close() {
		root.close();
	}
}
