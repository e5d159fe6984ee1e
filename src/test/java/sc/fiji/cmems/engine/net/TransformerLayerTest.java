package sc.fiji.cmems.engine.net;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.NormalInitializer;
import ai.djl.util.Pair;

import java.util.Arrays;

import org.junit.jupiter.api.Test;

import sc.fiji.cmems.engine.device.Djl;
import sc.fiji.cmems.engine.device.Seeds;

/**
 * The transformer layer of CAML's cross-sample attention against PyTorch's {@code nn.TransformerEncoderLayer} (values
 * printed by {@code bench/pytorch/transformer_reference.py}), and what the attention does across a batch.
 */
class TransformerLayerTest {

	private static final int WIDTH = 8, HEADS = 2, FEED = 16, N = 2, S = 3;
	private static final float[] FIRST = { 7.952718139e-01f, -4.269888103e-01f, -4.967547655e-01f, 7.554265857e-01f, -1.787053823e+00f,
		6.709797978e-01f, 6.933647990e-01f, -6.666904688e-01f, 1.222776175e+00f, 1.908367425e-01f, 5.069378018e-02f, 5.790058374e-01f };
	private static final float[] LAST = { -1.779246330e+00f, 6.110460758e-01f, 6.743614674e-01f, -7.375902534e-01f, 1.231769443e+00f,
		2.264655977e-01f, 6.350706518e-02f, 5.505236983e-01f, -1.466355920e+00f, 5.480200518e-03f, -2.820265852e-02f, -1.095634818e+00f };

	@Test
	void isPyTorchsEncoderLayer() {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final TransformerLayer layer = new TransformerLayer(WIDTH, HEADS, FEED, 0);
			layer.setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
			layer.initialize(m, DataType.FLOAT32, new Shape(N, S, WIDTH));
			int p = 0;
			for (final Pair<String, Parameter> named : layer.getParameters()) {
				final NDArray a = named.getValue().getArray();
				final boolean scale = named.getKey().startsWith("norm") && named.getKey().endsWith("weight");
				final float[] values = new float[(int) a.size()];
				for (int i = 0; i < values.length; i++) values[i] = (float) (0.3 * Math.sin(0.1 * i * (p + 1) + p) + (scale ? 1 : 0));
				a.set(values);
				p++;
			}
			assertEquals(12, p);
			final float[] in = new float[N * S * WIDTH];
			for (int i = 0; i < in.length; i++) in[i] = (float) Math.sin(0.2 * i);
			final float[] out = layer.forward(new ParameterStore(m, false), m.create(in, new Shape(N, S, WIDTH)), false).toFloatArray();
			assertArrayEquals(FIRST, Arrays.copyOf(out, 12), 1e-4f);
			assertArrayEquals(LAST, Arrays.copyOfRange(out, out.length - 12, out.length), 1e-4f);
		}
	}

	@Test
	void crossSampleAttentionMixesTheBatchInTrainingOnly() {
		try (NDManager m = Djl.engine().newBaseManager()) {
			final CrossSampleAttention attention = new CrossSampleAttention(WIDTH, HEADS, FEED, 0);
			attention.setInitializer(new NormalInitializer(), Parameter.Type.WEIGHT);
			Seeds.seedEngine(3);
			attention.initialize(m, DataType.FLOAT32, new Shape(3, WIDTH, 2, 2));
			final ParameterStore store = new ParameterStore(m, false);
			final NDArray batch = m.randomNormal(new Shape(3, WIDTH, 2, 2));
			final NDArray changed = batch.duplicate();
			changed.set(new ai.djl.ndarray.index.NDIndex("2"), m.randomNormal(new Shape(WIDTH, 2, 2)));
			final NDArray a = attention.forward(store, batch, true), b = attention.forward(store, changed, true);
			assertEquals(batch.getShape(), a.getShape());
			// another sample of the batch changed: the first sample's features change too (the inter-sample layer)
			assertFalse(a.get("0").allClose(b.get("0"), 1e-5, 1e-5, false), "the first sample does not see the third");
			assertFalse(a.allClose(batch, 1e-3, 1e-3, false), "the attention changed nothing");
			// in inference the features pass unchanged
			assertTrue(attention.forward(store, batch, false) == batch);
		}
	}
}
