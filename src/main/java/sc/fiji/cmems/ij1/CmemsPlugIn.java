package sc.fiji.cmems.ij1;

import ij.IJ;
import ij.ImagePlus;
import ij.Macro;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.macro.Interpreter;
import ij.plugin.PlugIn;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.scijava.Context;
import org.scijava.command.CommandInfo;
import org.scijava.module.Module;
import org.scijava.module.ModuleItem;
import org.scijava.ui.UIService;

import sc.fiji.cmems.commands.CommandRunner;
import sc.fiji.cmems.jobs.Arguments;

/**
 * The ImageJ 1.x bridge: lets {@code run("Train from Exemplar", "key=value ...")}
 * and the menu entries work in plain ImageJ 1.x, which does not know SciJava
 * commands. Named by {@code src/main/ij1/plugins.config}, which is packed into a
 * jar of its own ({@code CMEMS_Segmentation-<version>-ij1.jar}) that only
 * plain-ImageJ users install, so Fiji shows each SciJava command once. The
 * argument is the command's menu label;
 * the macro options are parsed the ImageJ way and handed to the very same
 * command through {@link CommandRunner}. Open images are named by title.
 * Without macro options, a dialog asks for them (and is recorded).
 */
public class CmemsPlugIn implements PlugIn {

	private static Context context;

	static {
		// DJL logs through SLF4J, which plain ImageJ does not provide: no notice about that
		if (System.getProperty("slf4j.internal.verbosity") == null) System.setProperty("slf4j.internal.verbosity", "ERROR");
	}

	@Override
	public void run(final String label) {
		final Thread thread = Thread.currentThread();
		final ClassLoader previous = thread.getContextClassLoader();
		// SciJava's plugin index and DJL's native library are found through the context class loader
		thread.setContextClassLoader(getClass().getClassLoader());
		try {
			final Context ctx = context();
			ctx.service(UIService.class).setHeadless(batch());
			final CommandRunner runner = new CommandRunner(ctx);
			String options = Macro.getOptions();
			if (options == null) {
				options = ask(runner, ctx, runner.find(label));
				if (options == null) return;
			}
			final CommandRunner.Outcome outcome = runner.run(label, Arguments.fromMacroOptions(options), CmemsPlugIn::image);
			if (outcome.canceled) {
				report(outcome.cancelReason);
				return;
			}
			for (final Map.Entry<String, Object> o : outcome.outputs.entrySet()) {
				if (o.getValue() instanceof ImagePlus) ((ImagePlus) o.getValue()).show();
				else if (o.getValue() != null && !batch() && o.getKey().equals("report")) IJ.log(o.getValue().toString());
			}
		}
		catch (final IllegalArgumentException e) {
			report(e.getMessage());
		}
		catch (final IOException | RuntimeException | LinkageError e) {
			report(e.getClass().getSimpleName() + ": " + e.getMessage());
		}
		finally {
			thread.setContextClassLoader(previous);
		}
	}

	/** @return whether there is no ImageJ window to talk through (batch mode, headless) */
	static boolean batch() {
		return IJ.getInstance() == null || GraphicsEnvironment.isHeadless();
	}

	private static synchronized Context context() {
		if (context == null) context = new Context();
		return context;
	}

	/** An open image by title (or ID), else an image file. */
	private static ImagePlus image(final String key, final String value) throws IOException {
		final ImagePlus open = WindowManager.getImage(value);
		if (open != null) return open;
		if (new File(value).isFile()) {
			final ImagePlus imp = IJ.openImage(value);
			if (imp != null) return imp;
		}
		throw new IllegalArgumentException(key + ": no open image is titled '" + value + "'" + (new File(value).exists() ? " and ImageJ could not open the file" : ""));
	}

	private static void report(final String message) {
		if (batch()) System.err.println("CMEMS Segmentation: " + message);
		else IJ.error("CMEMS Segmentation", message);
		// a macro must not go on as if the step had worked
		final Interpreter macro = Interpreter.getInstance();
		if (macro != null) macro.abortMacro();
	}

	/**
	 * A dialog with one field per parameter, labeled with the parameter's name
	 * so that the macro recorder writes the keys the commands read.
	 *
	 * @return the options, or null when canceled
	 */
	private static String ask(final CommandRunner runner, final Context ctx, final CommandInfo info) {
		final Module defaults = runner.initialised(info);
		final List<ModuleItem<?>> items = CommandRunner.parameters(defaults.getInfo());
		final GenericDialog gd = new GenericDialog("CMEMS: " + CommandRunner.label(info));
		final String[] titles = titles();
		for (final ModuleItem<?> item : items) {
			final Object value = defaults.getInput(item.getName());
			final Class<?> type = item.getType();
			if (item.getVisibility() == org.scijava.ItemVisibility.INVISIBLE) continue;
			if (ImagePlus.class.isAssignableFrom(type)) gd.addChoice(item.getName(), titles, titles[0]);
			else if (type == boolean.class) gd.addCheckbox(item.getName(), Boolean.TRUE.equals(value));
			else if (type == int.class || type == long.class) gd.addNumericField(item.getName(), ((Number) value).doubleValue(), 0);
			else if (type == double.class) gd.addNumericField(item.getName(), ((Number) value).doubleValue(), 3);
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) gd.addChoice(item.getName(), item.getChoices().toArray(new String[0]), String.valueOf(value));
			else if (type == File.class) gd.addStringField(item.getName(), value == null ? "" : value.toString(), 40);
			else gd.addStringField(item.getName(), value == null ? "" : value.toString(), 30);
			if (item.getLabel() != null) gd.addToSameRow();
			if (item.getLabel() != null) gd.addMessage(item.getLabel());
		}
		gd.showDialog();
		if (gd.wasCanceled()) return null;
		final StringBuilder options = new StringBuilder();
		for (final ModuleItem<?> item : items) {
			if (item.getVisibility() == org.scijava.ItemVisibility.INVISIBLE) continue;
			final Class<?> type = item.getType();
			final String v;
			if (ImagePlus.class.isAssignableFrom(type)) v = gd.getNextChoice();
			else if (type == boolean.class) v = Boolean.toString(gd.getNextBoolean());
			else if (type == int.class || type == long.class) v = Long.toString(Math.round(gd.getNextNumber()));
			else if (type == double.class) v = Double.toString(gd.getNextNumber());
			else if (item.getChoices() != null && !item.getChoices().isEmpty()) v = gd.getNextChoice();
			else v = gd.getNextString();
			if (v.isEmpty() || ImagePlus.class.isAssignableFrom(type) && v.equals(NONE)) continue;
			options.append(item.getName()).append("=[").append(v).append("] ");
		}
		return options.toString();
	}

	private static final String NONE = "-";

	private static String[] titles() {
		final String[] open = WindowManager.getImageTitles();
		final String[] out = new String[open.length + 1];
		out[0] = NONE;
		System.arraycopy(open, 0, out, 1, open.length);
		return out;
	}
}
