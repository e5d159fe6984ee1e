package sc.fiji.cmems.engine;

import ai.djl.ndarray.NDManager;

import sc.fiji.cmems.engine.device.Djl;

/** Test helpers for tensors. */
public final class Tensors {

	private Tensors() {}

	/** @return a fresh CPU manager; close it after the test */
	public static NDManager manager() {
		return Djl.engine().newBaseManager(ai.djl.Device.cpu());
	}

	/** @return max |a - b| */
	public static float maxDifference(final float[] a, final float[] b) {
		if (a.length != b.length) throw new AssertionError("lengths " + a.length + " and " + b.length);
		float d = 0;
		for (int i = 0; i < a.length; i++) d = Math.max(d, Math.abs(a[i] - b[i]));
		return d;
	}
}
