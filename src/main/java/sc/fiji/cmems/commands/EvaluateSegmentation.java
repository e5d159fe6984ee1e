package sc.fiji.cmems.commands;

import ij.IJ;
import ij.ImagePlus;
import ij.measure.ResultsTable;

import java.io.File;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.scijava.ItemIO;
import org.scijava.app.StatusService;
import org.scijava.command.Command;
import org.scijava.command.ContextCommand;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;
import org.scijava.task.TaskService;
import org.scijava.ui.UIService;
import org.scijava.widget.FileWidget;

import sc.fiji.cmems.io.OutputPaths;
import sc.fiji.cmems.jobs.EvaluationRequest;
import sc.fiji.cmems.jobs.SegmentationEvaluation;

/**
 * Plugins > Segmentation > CMEMS > Evaluate Segmentation: Dice, HD95 and ASD per
 * image and class of predicted label images against ground truth, as a
 * results table (shown, and saved as CSV when a file is given).
 */
@Plugin(type = Command.class, menuPath = "Plugins>Segmentation>CMEMS>Evaluate Segmentation", headless = true,
	description = "Dice, HD95 and ASD of label images against ground truth")
public class EvaluateSegmentation extends ContextCommand {

	/** Title of the results table window. */
	public static final String TABLE_TITLE = "CMEMS evaluation";

	@Parameter(label = "Prediction (open label image)", required = false, autoFill = false, persist = false)
	ImagePlus prediction;
	@Parameter(label = "Ground truth (open label image)", required = false, autoFill = false, persist = false)
	ImagePlus truth;
	@Parameter(label = "or predictions folder", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false)
	File predictionfolder;
	@Parameter(label = "and ground-truth folder (same names)", required = false, style = FileWidget.DIRECTORY_STYLE, persist = false)
	File truthfolder;
	@Parameter(label = "File filter", description = "which prediction files to evaluate")
	String filter = "*";
	@Parameter(label = "Model file (class count and names; optional)", required = false, style = FileWidget.OPEN_STYLE, persist = false)
	File model;
	@Parameter(label = "Classes including background (0: from the images)", min = "0")
	int classes = 0;
	@Parameter(label = "Class names (background first; optional)", required = false)
	String classnames = "";
	@Parameter(label = "Distances in calibrated units (else voxels)")
	boolean calibrated = false;
	@Parameter(label = "Save table as CSV (optional)", required = false, style = FileWidget.SAVE_STYLE, persist = false)
	File csv;

	@Parameter(label = "Summary", type = ItemIO.OUTPUT)
	String summary;

	@Parameter
	UIService ui;
	@Parameter(required = false)
	StatusService status;
	@Parameter(required = false)
	TaskService tasks;

	private ResultsTable table;

	@Override
	public void run() {
		final TaskProgress task = new TaskProgress(tasks, status, "CMEMS evaluation");
		try {
			if (csv != null) OutputPaths.requireWritableFile(csv.toPath(), "csv");
			final List<String> unmatched = new ArrayList<>();
			final EvaluationRequest request = new EvaluationRequest(predictionfolder == null ? null : predictionfolder.toPath(),
				truthfolder == null ? null : truthfolder.toPath(), filter, model == null ? null : model.toPath(), classes, classnames, calibrated);
			final List<SegmentationEvaluation.Pair> pairs = predictionfolder != null || truthfolder != null ? request.folderPairs(unmatched)
				: Collections.singletonList(SegmentationEvaluation.pair(prediction, truth));
			// canceling the task stops between images: no table then
			final List<SegmentationEvaluation.Row> rows = request.evaluate(pairs, task.steps(pairs.size(), "images evaluated"));
			table = SegmentationEvaluation.table(rows);
			if (csv != null) table.saveAs(csv.getPath());
			summary = SegmentationEvaluation.summary(rows) + (unmatched.isEmpty() ? "" : "; no ground truth for " + unmatched) + (csv == null ? "" : "; saved to " + csv);
			if (Feedback.windowsAllowed(ui)) table.show(TABLE_TITLE);
			else System.out.print(csvText(table));
			IJ.log(summary);
		}
		catch (final Exception | LinkageError e) {
			Feedback.fail(this, ui, e);
		}
		finally {
			task.finish();
		}
	}

	/** @return the results of the last run, or null */
	public ResultsTable table() {
		return table;
	}

	private static String csvText(final ResultsTable t) {
		final StringBuilder sb = new StringBuilder(t.getColumnHeadings().replace('\t', ',').replaceFirst("^ ,", "")).append('\n');
		for (int r = 0; r < t.size(); r++) sb.append(t.getRowAsString(r).replace('\t', ',').replaceFirst("^[0-9]+,", "")).append('\n');
		return sb.toString();
	}
}
