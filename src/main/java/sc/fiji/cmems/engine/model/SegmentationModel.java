package sc.fiji.cmems.engine.model;

import ai.djl.ndarray.NDManager;

import java.util.Collections;
import java.util.List;

import sc.fiji.cmems.engine.net.SegmentationNetwork;

/** Trained networks and their description, on one device. Close it to free native memory. */
public final class SegmentationModel implements AutoCloseable {

	private final ModelInfo info;
	private final List<SegmentationNetwork> networks;
	private final NDManager manager;

	/**
	 * @param manager owns the networks; closed with the model
	 */
	public SegmentationModel(final ModelInfo info, final List<SegmentationNetwork> networks, final NDManager manager) {
		if (networks.size() != info.networks)
			throw new IllegalArgumentException("model info says " + info.networks + " networks, got " + networks.size());
		this.info = info;
		this.networks = Collections.unmodifiableList(networks);
		this.manager = manager;
	}

	public ModelInfo info() {
		return info;
	}

	public List<SegmentationNetwork> networks() {
		return networks;
	}

	/** @return the manager owning the networks (its device is the model's device) */
	public NDManager manager() {
		return manager;
	}

	@Override
	public void close() {
		manager.close();
	}
}
