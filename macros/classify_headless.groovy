#@ File (label = "Image or movie") input
#@ File (label = "Results CSV", style = "save") output
#@ String (label = "Process", choices = {"current", "slices", "frames", "all"}, value = "all") process
#@ Double (label = "Minimum face size (pixels)", value = 60) min_face
#@ CommandService command

// EmotiJ from a headless Fiji script: classify the faces of an image or every frame of a stack, save the CSV.
// Fiji: ImageJ-linux64 --headless --console --run macros/classify_headless.groovy 'input="/path/movie.tif",output="/path/faces.csv"'
// The parameters of emotij.command.ClassifyExpressionsCommand are the macro keys of Plugins > EmotiJ > Classify Expressions.

import ij.IJ

def imp = IJ.openImage(input.absolutePath)
if (imp == null) throw new IllegalArgumentException("cannot open " + input + ": " + IJ.getErrorMessage())
def module = command.run(emotij.command.ClassifyExpressionsCommand, false,
        "imp", imp, "process", process, "min_face", min_face, "faces", "detect").get()
module.getOutput("results").save(output.absolutePath)
println "EmotiJ: " + module.getOutput("face_count") + " faces in " + imp.getTitle() + "; results in " + output
