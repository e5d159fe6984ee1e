package sc.fiji.cmems.engine.train;

import sc.fiji.cmems.engine.device.Djl;

/** Versions recorded in model bundles and reports. */
public final class Software {

	private Software() {}

	/** @return e.g. "CMEMS_Segmentation 0.1.0-SNAPSHOT, DJL 0.35.1, PyTorch 2.7.1" */
	public static String description() {
		final Package p = Software.class.getPackage();
		final String version = p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "development build";
		return "CMEMS_Segmentation " + version + ", DJL " + ai.djl.engine.Engine.getDjlVersion() + ", PyTorch " + Djl.engine().getVersion();
	}
}
