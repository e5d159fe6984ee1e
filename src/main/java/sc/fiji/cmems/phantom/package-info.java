/**
 * The embedded default dataset: seeded synthetic short-axis cardiac cine MRI
 * slices (and optional base-to-apex stacks) with RV, Myo and LV labels, see
 * {@link sc.fiji.cmems.phantom.CardiacPhantom}. Pure imglib2 and JDK: no
 * ImageJ or SciJava types.
 */
package sc.fiji.cmems.phantom;
