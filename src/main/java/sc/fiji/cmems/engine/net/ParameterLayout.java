package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.Pair;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import sc.fiji.cmems.engine.device.Djl;

/**
 * The bytes a network of given settings writes for its parameters
 * ({@link SegmentationNetwork#save}), apart from the values themselves: every
 * parameter's name, type, shape and length, and what the blocks write around
 * them. Two saved networks of the same architecture differ only in their
 * values, so a stored network whose other bytes differ from this layout is
 * damaged or of another architecture; checking that before the tensor engine
 * decodes it means no tensor header can make it allocate more than the
 * architecture needs. Layouts are computed once per architecture, from a
 * network initialised with zeros (no random numbers drawn).
 */
public final class ParameterLayout {

	private static final Map<String, ParameterLayout> CACHE = new LinkedHashMap<String, ParameterLayout>() {

		private static final long serialVersionUID = 1L;

		@Override
		protected boolean removeEldestEntry(final Map.Entry<String, ParameterLayout> eldest) {
			return size() > 8;
		}
	};

	/** Bytes around and between the values: {@code values.length + 1} pieces. */
	private final List<byte[]> fixed;
	/** Bytes of each parameter's values. */
	private final long[] values;
	private final String[] names;
	private final long length;

	private ParameterLayout(final List<byte[]> fixed, final long[] values, final String[] names) {
		this.fixed = fixed;
		this.values = values;
		this.names = names;
		long n = 0;
		for (final byte[] f : fixed) n += f.length;
		for (final long v : values) n += v;
		this.length = n;
	}

	/** @return the layout of a network with these settings and classes (checked settings) */
	public static synchronized ParameterLayout of(final NetworkSettings settings, final int classes) {
		final String key = new com.google.gson.Gson().toJson(settings) + "/" + classes; // every setting, should one come to shape the parameters
		ParameterLayout layout = CACHE.get(key);
		if (layout == null) {
			layout = compute(settings, classes);
			CACHE.put(key, layout);
		}
		return layout;
	}

	private static ParameterLayout compute(final NetworkSettings settings, final int classes) {
		final UNet unet = new UNet(settings, classes);
		for (final Parameter.Type type : Parameter.Type.values()) unet.setInitializer(new ConstantInitializer(0f), type);
		try (NDManager manager = Djl.engine().newBaseManager(ai.djl.Device.cpu())) {
			unet.initialize(manager, DataType.FLOAT32, new Shape(1, settings.inputChannels, 32, 32));
			final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
			try (DataOutputStream out = new DataOutputStream(bytes)) {
				unet.saveParameters(out);
			}
			catch (final IOException e) {
				throw new IllegalStateException("writing to memory failed", e);
			}
			final byte[] all = bytes.toByteArray();
			final List<byte[]> fixed = new ArrayList<>();
			final List<Pair<String, Parameter>> parameters = new ArrayList<>();
			for (final Pair<String, Parameter> p : unet.getParameters()) parameters.add(p);
			final long[] values = new long[parameters.size()];
			final String[] names = new String[parameters.size()];
			int at = 0;
			for (int i = 0; i < parameters.size(); i++) {
				final byte[] record = parameters.get(i).getValue().getArray().encode();
				values[i] = parameters.get(i).getValue().getArray().size() * parameters.get(i).getValue().getArray().getDataType().getNumOfBytes();
				names[i] = parameters.get(i).getKey();
				final byte[] header = Arrays.copyOf(record, record.length - (int) values[i]);
				final int found = indexOf(all, header, at);
				if (found < 0) throw new IllegalStateException("parameter " + names[i] + " not found where DJL writes it");
				fixed.add(Arrays.copyOfRange(all, at, found + header.length));
				at = found + header.length + (int) values[i];
			}
			fixed.add(Arrays.copyOfRange(all, at, all.length));
			return new ParameterLayout(fixed, values, names);
		}
	}

	/**
	 * @return null when {@code saved} has this layout, otherwise what differs
	 *         first (its length, or the header of the named parameter)
	 */
	public String mismatch(final byte[] saved) {
		if (saved.length != length) return saved.length + " bytes of parameters, the architecture has " + length;
		long at = 0;
		for (int i = 0; i < fixed.size(); i++) {
			final byte[] f = fixed.get(i);
			if (!Arrays.equals(saved, (int) at, (int) at + f.length, f, 0, f.length))
				return i < names.length ? "the header of parameter " + names[i] + " differs from the architecture's" : "the end of the parameters is damaged";
			at += f.length + (i < values.length ? values[i] : 0);
		}
		return null;
	}

	/** @return the total length of a saved network of this architecture */
	public long length() {
		return length;
	}

	private static int indexOf(final byte[] all, final byte[] part, final int from) {
		outer:
		for (int i = from; i <= all.length - part.length; i++) {
			for (int j = 0; j < part.length; j++) if (all[i + j] != part[j]) continue outer;
			return i;
		}
		return -1;
	}
}
