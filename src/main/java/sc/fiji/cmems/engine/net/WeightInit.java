package sc.fiji.cmems.engine.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.initializer.Initializer;

/**
 * Convolution weight initialisations. The two networks of cross-model
 * training start from different schemes (as in cross pseudo supervision), so
 * they disagree early and teach each other something.
 */
public enum WeightInit implements Initializer {

	/** He et al.: normal with standard deviation {@code sqrt(2 / fan_in)}. */
	KAIMING_NORMAL {

		@Override
		public NDArray initialize(final NDManager manager, final Shape shape, final DataType dataType) {
			return manager.randomNormal(0f, (float) Math.sqrt(2.0 / fanIn(shape)), shape, dataType);
		}
	},
	/** Glorot and Bengio: normal with standard deviation {@code sqrt(2 / (fan_in + fan_out))}. */
	XAVIER_NORMAL {

		@Override
		public NDArray initialize(final NDManager manager, final Shape shape, final DataType dataType) {
			return manager.randomNormal(0f, (float) Math.sqrt(2.0 / (fanIn(shape) + fanOut(shape))), shape, dataType);
		}
	};

	/** @return the scheme of network {@code index} (0-based) in a multi-network method */
	public static WeightInit forNetwork(final int index) {
		return index % 2 == 0 ? KAIMING_NORMAL : XAVIER_NORMAL;
	}

	static long fanIn(final Shape weight) {
		return weight.size() / weight.get(0);
	}

	static long fanOut(final Shape weight) {
		return weight.size() / weight.get(1);
	}
}
