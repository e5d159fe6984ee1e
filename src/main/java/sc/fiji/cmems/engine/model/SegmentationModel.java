package sc.fiji.cmems.engine.model;

import ai.djl.ndarray.NDManager;

import java.util.Collections;
import java.util.List;

import sc.fiji.cmems.engine.net.SegmentationNetwork;

/**
 * Trained networks and their description, on one device. A two-stage model
 * also holds its first stage ({@link #localiser()}), a model of its own, and
 * its info names the recipe that joins them ({@link ModelInfo#focus}). Close
 * it to free native memory.
 */
public final class SegmentationModel implements AutoCloseable {

	private final ModelInfo info;
	private final List<SegmentationNetwork> networks;
	private final NDManager manager;
	private final SegmentationModel localiser;

	/**
	 * @param manager owns the networks; closed with the model
	 */
	public SegmentationModel(final ModelInfo info, final List<SegmentationNetwork> networks, final NDManager manager) {
		this(info, networks, manager, null);
	}

	/**
	 * @param localiser the first stage of a two-stage model (closed with this model), or null
	 */
	public SegmentationModel(final ModelInfo info, final List<SegmentationNetwork> networks, final NDManager manager, final SegmentationModel localiser) {
		if (networks.size() != info.networks)
			throw new IllegalArgumentException("model info says " + info.networks + " networks, got " + networks.size());
		if ((info.focus == null) != (localiser == null))
			throw new IllegalArgumentException(info.focus == null ? "a localiser was given, but the model info has no focus recipe"
				: "the model info has a focus recipe, but no localiser was given");
		if (localiser != null && localiser.localiser() != null) throw new IllegalArgumentException("a localiser cannot have a localiser of its own");
		this.info = info;
		this.networks = Collections.unmodifiableList(networks);
		this.manager = manager;
		this.localiser = localiser;
	}

	/** @return the first stage of a two-stage model, or null for a one-stage model */
	public SegmentationModel localiser() {
		return localiser;
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
		if (localiser != null) localiser.close();
	}
}
