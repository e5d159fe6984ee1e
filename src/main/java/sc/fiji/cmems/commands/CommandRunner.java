package sc.fiji.cmems.commands;

import ij.ImagePlus;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.scijava.Context;
import org.scijava.ItemVisibility;
import org.scijava.command.CommandInfo;
import org.scijava.command.CommandService;
import org.scijava.convert.ConvertService;
import org.scijava.Cancelable;
import org.scijava.module.MethodCallException;
import org.scijava.module.Module;
import org.scijava.module.ModuleInfo;
import org.scijava.module.ModuleItem;
import org.scijava.module.ModuleService;
import org.scijava.service.Service;

import sc.fiji.cmems.jobs.Arguments;

/**
 * Runs this plugin's commands by their menu label with {@code key=value}
 * options, the way Fiji's {@code --run "Label" "key=value,..."} and ImageJ
 * macros do: for the command line ({@code cmems run}) and the ImageJ 1.x
 * bridge. Options are matched to parameters by name and converted to their
 * types; an unknown key, a value of the wrong type or outside a parameter's
 * choices is an error that names it, given before the command starts. The
 * command runs on the calling thread; its cancel reason (the user's error
 * message) is returned, not shown.
 */
public final class CommandRunner {

	/** Package of the commands this runner knows. */
	public static final String COMMANDS_PACKAGE = CommandRunner.class.getPackage().getName();

	/** Finds the image an {@code ImagePlus} parameter names. */
	public interface Images {

		/** @param value what the user wrote: an image title, a file path ... */
		ImagePlus find(String key, String value) throws IOException;
	}

	/** How a run ended. */
	public static final class Outcome {

		public final CommandInfo command;
		public final boolean canceled;
		/** The message for the user when canceled. */
		public final String cancelReason;
		/** What made it fail, when canceled for an exception; else null. */
		public final Throwable failure;
		/** Output values by parameter name. */
		public final Map<String, Object> outputs;
		/** For image outputs: where the user asked to save them ({@code <output name>=<file>}). */
		public final Map<String, String> saveTo;

		Outcome(final CommandInfo command, final boolean canceled, final String cancelReason, final Throwable failure, final Map<String, Object> outputs,
			final Map<String, String> saveTo)
		{
			this.command = command;
			this.canceled = canceled;
			this.cancelReason = cancelReason;
			this.failure = failure;
			this.outputs = outputs;
			this.saveTo = saveTo;
		}
	}

	private final Context context;

	public CommandRunner(final Context context) {
		this.context = context;
	}

	/** @return this plugin's commands, in menu order */
	public List<CommandInfo> commands() {
		final List<CommandInfo> out = new ArrayList<>();
		for (final CommandInfo info : context.service(CommandService.class).getCommands())
			if (info.getClassName().startsWith(COMMANDS_PACKAGE + ".") && info.getMenuPath() != null && info.getMenuPath().size() > 0) out.add(info);
		out.sort(Comparator.comparingInt(CommandRunner::menuOrder).thenComparing(CommandRunner::label));
		return out;
	}

	/** @return the menu label, e.g. "Segment Folder" */
	public static String label(final CommandInfo info) {
		return info.getMenuPath().getLeaf().getName();
	}

	/**
	 * @param label the menu label or the class name, in any case
	 * @throws IllegalArgumentException listing the known commands
	 */
	public CommandInfo find(final String label) {
		final String wanted = simplify(label);
		final List<String> known = new ArrayList<>();
		for (final CommandInfo info : commands()) {
			known.add(label(info));
			final String simpleName = info.getClassName().substring(info.getClassName().lastIndexOf('.') + 1);
			if (simplify(label(info)).equals(wanted) || simplify(simpleName).equals(wanted)) return info;
		}
		throw new IllegalArgumentException("unknown command '" + label + "'; known: " + known);
	}

	/**
	 * @return the inputs a user can set (no services), in declaration order
	 *         (with the choices the command's initializers set, when {@code info}
	 *         is an initialised module's)
	 */
	public static List<ModuleItem<?>> parameters(final ModuleInfo info) {
		final List<ModuleItem<?>> out = new ArrayList<>();
		for (final ModuleItem<?> item : info.inputs())
			if (!Service.class.isAssignableFrom(item.getType()) && !Context.class.isAssignableFrom(item.getType()) && item.getVisibility() != ItemVisibility.MESSAGE)
				out.add(item);
		return out;
	}

	/** @return one line per parameter: name, type, default, label */
	public String usage(final CommandInfo info) {
		final Module defaults = initialised(info);
		final StringBuilder sb = new StringBuilder("\"" + label(info) + "\": " + (info.getDescription() == null ? "" : info.getDescription()) + "\n");
		for (final ModuleItem<?> item : parameters(defaults.getInfo())) {
			final Object value = defaults.getInput(item.getName());
			sb.append(String.format(Locale.ROOT, "  %-18s %-9s %s%s%n", item.getName(), typeName(item), item.getLabel() == null ? "" : item.getLabel(),
				value == null || value.toString().isEmpty() ? "" : " [default " + value + "]"));
		}
		for (final ModuleItem<?> item : info.outputs())
			sb.append(String.format(Locale.ROOT, "  output %-11s %-9s %s%n", item.getName(), typeName(item), ImagePlus.class.isAssignableFrom(item.getType())
				? "(" + item.getName() + "=<file.tif> saves it)" : item.getLabel() == null ? "" : item.getLabel()));
		return sb.toString();
	}

	/**
	 * Runs a command.
	 *
	 * @param images resolves image parameters; null when none may be given
	 * @throws IllegalArgumentException for an unknown command, key or a bad value (before the command starts)
	 */
	public Outcome run(final String label, final Arguments args, final Images images) throws IOException {
		final CommandInfo info = find(label);
		final Module module = initialised(info);
		for (final ModuleItem<?> item : parameters(module.getInfo())) {
			if (!args.has(item.getName())) continue;
			final String value = args.string(item.getName(), null);
			final Object converted;
			if (ImagePlus.class.isAssignableFrom(item.getType())) {
				if (images == null) throw new IllegalArgumentException(item.getName() + ": images cannot be given here");
				converted = images.find(item.getName(), value);
			}
			else converted = convert(item, value);
			module.setInput(item.getName(), converted);
			module.resolveInput(item.getName());
		}
		final Map<String, String> saveTo = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.outputs())
			if (ImagePlus.class.isAssignableFrom(item.getType()) && args.has(item.getName())) saveTo.put(item.getName(), args.string(item.getName(), null));
		if (!args.unused().isEmpty()) {
			final List<String> names = new ArrayList<>();
			for (final ModuleItem<?> item : parameters(module.getInfo())) names.add(item.getName());
			throw new IllegalArgumentException("\"" + label(info) + "\" has no parameter " + String.join(", ", args.unused().keySet()) + "; its parameters: " + names);
		}
		final boolean previous = Feedback.CALLER_REPORTS.get();
		Feedback.CALLER_REPORTS.set(true);
		Feedback.CAUSE.remove();
		final Throwable failure;
		try {
			module.run();
		}
		finally {
			Feedback.CALLER_REPORTS.set(previous);
			failure = Feedback.CAUSE.get();
			Feedback.CAUSE.remove();
		}
		final Map<String, Object> outputs = new LinkedHashMap<>();
		for (final ModuleItem<?> item : info.outputs()) outputs.put(item.getName(), module.getOutput(item.getName()));
		final Cancelable cancelable = (Cancelable) module;
		return new Outcome(info, cancelable.isCanceled(), cancelable.getCancelReason(), cancelable.isCanceled() ? failure : null, outputs, saveTo);
	}

	/**
	 * A new instance of the command, initialised as Fiji's pipeline does before
	 * a dialog: a command's initializers may set choices (Train from Exemplar's
	 * methods come from the method registry).
	 */
	public Module initialised(final CommandInfo info) {
		final Module module = context.service(ModuleService.class).createModule(info);
		try {
			module.initialize();
		}
		catch (final MethodCallException e) {
			throw new IllegalStateException("\"" + label(info) + "\" failed to initialise: " + e.getMessage(), e);
		}
		return module;
	}

	/** Converts an option to the parameter's type, checking choices. */
	Object convert(final ModuleItem<?> item, final String value) {
		final Class<?> type = item.getType();
		final String name = item.getName();
		final String v = value == null ? "" : value.trim();
		try {
			if (type == String.class) {
				final List<?> choices = item.getChoices();
				if (choices == null || choices.isEmpty()) return value;
				for (final Object c : choices)
					if (c.toString().equalsIgnoreCase(v)) return c.toString();
				throw new IllegalArgumentException(name + " must be one of " + choices + ", was '" + value + "'");
			}
			if (type == File.class) return v.isEmpty() ? null : new File(v);
			if (type == int.class || type == Integer.class) return Integer.valueOf(v);
			if (type == long.class || type == Long.class) return Long.valueOf(v);
			if (type == double.class || type == Double.class) return Double.valueOf(v);
			if (type == float.class || type == Float.class) return Float.valueOf(v);
			if (type == boolean.class || type == Boolean.class) {
				if (v.equalsIgnoreCase("true") || v.equalsIgnoreCase("yes")) return true;
				if (v.equalsIgnoreCase("false") || v.equalsIgnoreCase("no")) return false;
				throw new IllegalArgumentException(name + " must be true or false, was '" + value + "'");
			}
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(name + " must be " + (type == double.class || type == float.class || type == Double.class || type == Float.class ? "a number" : "a whole number")
				+ ", was '" + value + "'");
		}
		final Object converted = context.service(ConvertService.class).convert(value, type);
		if (converted == null) throw new IllegalArgumentException(name + ": cannot use '" + value + "' as " + type.getSimpleName());
		return converted;
	}

	private static String typeName(final ModuleItem<?> item) {
		final Class<?> t = item.getType();
		if (t == File.class) return "file";
		if (ImagePlus.class.isAssignableFrom(t)) return "image";
		if (t == boolean.class) return "boolean";
		if (t == int.class || t == long.class) return "integer";
		if (t == double.class || t == float.class) return "number";
		if (item.getChoices() != null && !item.getChoices().isEmpty()) return "choice";
		return "text";
	}

	private static int menuOrder(final CommandInfo info) {
		final String[] order = { "Train from Exemplar", "Segment Image", "Segment Folder", "Evaluate Segmentation", "Export to bioimage.io", "Device Info" };
		for (int i = 0; i < order.length; i++)
			if (order[i].equals(label(info))) return i;
		return order.length;
	}

	private static String simplify(final String s) {
		return s == null ? "" : s.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
	}
}
