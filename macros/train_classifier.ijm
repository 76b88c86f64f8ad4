// EmotiJ: train an expression classifier on an SFEW-layout dataset (Train/ and Val/, one folder per emotion;
// or a single folder of class folders, of which a part is held out) and save it as a model folder. Then use it
// with Classify Expressions (field "Model folder") or: bin/emotij classify IMAGES --model MODEL --out DIR
//
// Desktop: Plugins > Macros > Run... (asks for the folders)
// Headless: bin/emotij macro macros/train_classifier.ijm "dataset=/path/to/SFEW model=/path/to/model"
//     Fiji: ImageJ-linux64 --headless --console -batch macros/train_classifier.ijm "dataset=... model=..."
// Options (all optional, defaults are the best found on SFEW: mode=frozen backbone=faceres,emotion tap=pooled):
//     mode=finetune|frozen backbone=emotion|faceres|mobilefacenet[,...] tap=pooled|l2|concat|classifier
//     (fine-tuning: mode=finetune backbone=emotion tap=classifier) epochs=30 folds=0 (5: cross-validate on
//     Train first) detect=none|auto (auto: images are whole frames)

dataset = argument("dataset", "");
model = argument("model", "");
if (dataset == "") dataset = getDirectory("Dataset folder (Train/ and Val/ with one folder per emotion)");
if (model == "") model = getDirectory("Folder to save the trained model in");
options = "dataset=[" + dataset + "] model=[" + model + "] detect=" + argument("detect", "none");
keys = newArray("mode", "backbone", "tap", "hidden", "epochs", "batch_size", "learning_rate", "train_layers", "augment", "folds", "seed");
for (i = 0; i < keys.length; i++) {
    value = argument(keys[i], "");
    if (value != "") options = options + " " + keys[i] + "=" + value;
}
run("Train Expression Classifier...", options);
print("EmotiJ: model saved in " + model);

// value of key=value in the macro's argument, or the default
function argument(key, default) {
    words = split(getArgument(), " ");
    for (i = 0; i < words.length; i++) {
        if (startsWith(words[i], key + "=")) return substring(words[i], lengthOf(key) + 1);
    }
    return default;
}
