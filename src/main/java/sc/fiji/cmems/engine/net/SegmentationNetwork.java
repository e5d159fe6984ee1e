package sc.fiji.cmems.engine.net;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import sc.fiji.cmems.engine.device.Seeds;

/**
 * A {@link UNet} with its parameters on a device: what training updates and
 * what inference runs. Owns a child {@link NDManager} that holds only the
 * parameters; everything a forward pass creates belongs to the caller's
 * (per-iteration) manager.
 */
public final class SegmentationNetwork implements AutoCloseable {

	/** Input sizes must be multiples of this (four 2x poolings). */
	public static final int SIZE_DIVISOR = 16;

	private final UNet unet;
	private final NDManager manager;
	private final ParameterStore store;

	private SegmentationNetwork(final UNet unet, final NDManager manager) {
		this.unet = unet;
		this.manager = manager;
		this.store = new ParameterStore(manager, false);
	}

	/**
	 * Creates a network with freshly initialised weights.
	 *
	 * @param seed seeds the weight initialisation
	 */
	public static SegmentationNetwork create(final NetworkSettings settings, final int classes, final WeightInit init,
		final long seed, final NDManager parent)
	{
		final UNet unet = new UNet(settings, classes);
		unet.setInitializer(init, Parameter.Type.WEIGHT);
		final NDManager manager = parent.newSubManager();
		Seeds.seedEngine(seed);
		unet.initialize(manager, DataType.FLOAT32, new Shape(1, settings.inputChannels, 32, 32));
		return new SegmentationNetwork(unet, manager);
	}

	/** Rebuilds a network from parameters written by {@link #save(DataOutputStream)}. */
	public static SegmentationNetwork load(final NetworkSettings settings, final int classes, final DataInputStream in,
		final NDManager parent) throws IOException
	{
		final UNet unet = new UNet(settings, classes);
		final NDManager manager = parent.newSubManager();
		try {
			unet.loadParameters(manager, in);
		}
		catch (final MalformedModelException | RuntimeException e) {
			manager.close();
			throw new IOException("network parameters do not match the architecture (" + unet + "): " + e.getMessage(), e);
		}
		for (final Pair<String, Parameter> p : unet.getParameters())
			if (p.getValue().requiresGradient()) p.getValue().getArray().setRequiresGradient(true);
		return new SegmentationNetwork(unet, manager);
	}

	/** @see UNet#forward(ParameterStore, NDArray, boolean, boolean) */
	public NetworkOutput forward(final NDArray input, final boolean training, final boolean auxiliaryHeads) {
		return unet.forward(store, input, training, auxiliaryHeads);
	}

	/** @see UNet#forward(ParameterStore, NDArray, boolean, boolean, boolean) */
	public NetworkOutput forward(final NDArray input, final boolean training, final boolean auxiliaryHeads, final boolean features) {
		return unet.forward(store, input, training, auxiliaryHeads, features);
	}

	/** @see UNet#project */
	public NDArray project(final NDArray features, final boolean training) {
		return unet.project(store, features, training);
	}

	/** @see UNet#predict */
	public NDArray predict(final NDArray projected, final boolean training) {
		return unet.predict(store, projected, training);
	}

	/** @return the number of output classes */
	public int classes() {
		return unet.classes();
	}

	/** @return its architecture */
	public NetworkSettings settings() {
		return unet.settings();
	}

	/** @return an independent copy (parameters and batch-norm statistics) owned by a child of {@code parent}: a teacher, an average */
	public SegmentationNetwork copy(final NDManager parent) {
		try {
			return fromBytes(settings(), classes(), toBytes(), parent);
		}
		catch (final IOException e) {
			throw new IllegalStateException("copying a network in memory failed", e);
		}
	}

	/**
	 * Moves this network towards {@code other} (of the same architecture): {@code theta <- m theta + (1 - m) theta_other}
	 * for every parameter and batch-norm statistic (an EMA teacher, a best-model average).
	 */
	public void averageWith(final SegmentationNetwork other, final double momentum) {
		final List<Pair<String, Parameter>> mine = namedParameters(), theirs = other.namedParameters();
		if (mine.size() != theirs.size()) throw new IllegalArgumentException("networks of different architectures cannot be averaged");
		for (int i = 0; i < mine.size(); i++)
			try (NDArray part = theirs.get(i).getValue().getArray().mul((float) (1 - momentum))) {
				mine.get(i).getValue().getArray().muli((float) momentum).addi(part);
			}
	}

	/** @return the parameters the optimiser updates, in a fixed order */
	public List<Parameter> trainableParameters() {
		final List<Parameter> out = new ArrayList<>();
		for (final Pair<String, Parameter> p : unet.getParameters())
			if (p.getValue().requiresGradient()) out.add(p.getValue());
		return out;
	}

	/**
	 * @return every parameter with its name, batch-norm running statistics
	 *         included, in the network's fixed order (what {@link #save} writes)
	 */
	public List<Pair<String, Parameter>> namedParameters() {
		final List<Pair<String, Parameter>> out = new ArrayList<>();
		for (final Pair<String, Parameter> p : unet.getParameters()) out.add(p);
		return out;
	}

	/** @return the name of the first parameter (batch-norm statistics included) holding NaN or an infinity, or null */
	public String firstNonFiniteParameter() {
		for (final Pair<String, Parameter> p : unet.getParameters()) {
			final NDArray a = p.getValue().getArray();
			try (NDArray nan = a.isNaN(); NDArray inf = a.isInfinite(); NDArray bad = nan.logicalOr(inf); NDArray any = bad.any()) {
				if (any.getBoolean()) return p.getKey();
			}
		}
		return null;
	}

	/** @return the number of trainable scalars */
	public long parameterCount() {
		long n = 0;
		for (final Parameter p : trainableParameters()) n += p.getArray().size();
		return n;
	}

	/** @return the manager holding this network's parameters */
	public NDManager manager() {
		return manager;
	}

	/** Writes all parameters, batch-norm running statistics included. */
	public void save(final DataOutputStream out) throws IOException {
		unet.saveParameters(out);
	}

	/** @return the parameters as bytes (see {@link #save(DataOutputStream)}) */
	public byte[] toBytes() {
		final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (DataOutputStream out = new DataOutputStream(bytes)) {
			save(out);
		}
		catch (final IOException e) {
			throw new IllegalStateException("writing to memory failed", e);
		}
		return bytes.toByteArray();
	}

	/** Rebuilds a network from {@link #toBytes()}. */
	public static SegmentationNetwork fromBytes(final NetworkSettings settings, final int classes, final byte[] bytes,
		final NDManager parent) throws IOException
	{
		return load(settings, classes, new DataInputStream(new ByteArrayInputStream(bytes)), parent);
	}

	@Override
	public void close() {
		manager.close();
	}
}
