#!/usr/bin/env python3
"""Where an EmotiJ run spends its time, by pipeline stage, from a Java Flight Recording.

Usage:
  EMOTIJ_JAVA_OPTS="-Xmx6g -XX:StartFlightRecording=filename=/tmp/emotij.jfr,settings=profile" \
      bin/emotij classify DIR --recursive --no-images --out /tmp/out
  jfr print --json --stack-depth 64 --events jdk.ExecutionSample,jdk.NativeMethodSample /tmp/emotij.jfr > /tmp/s.json
  python3 bench/peer/jfr-stages.py /tmp/s.json

Java samples (every 10 ms with settings=profile) and native-method samples (every 20 ms: a thread inside a
JNI call such as a TensorFlow or ONNX Runtime session run, waiting for the engine's own threads) are weighted by their period.
Each sample goes to the first stage, below, that one of its frames matches; the EmotiJ frame nearest the top
says where in EmotiJ the time is spent.
"""
import collections
import json
import sys

# the native calls that run a network: TensorFlow's (through DJL) and ONNX Runtime's
NETWORK_RUN = ['TF_SessionRun', 'OrtSession.run']
# (stage, substrings of "package.Class.method"); the first stage with a matching frame wins, so order matters
STAGES = [
    ('network run: detection', ['emotij.detect.'], NETWORK_RUN),
    ('network run: classification', ['emotij.classify.', 'emotij.featurehead.'], NETWORK_RUN),
    ('network run: other', [], NETWORK_RUN),
    ('model loading', ['emotij.engine.TfModel.load', 'emotij.engine.TfModel.lambda$load'], []),
    ('engine start (native libraries)', ['emotij.engine.TensorFlowRuntime'], []),
    ('image decoding (ImageIO + ImagePlus)', ['emotij.io.ImageFiles'], []),
    ('image checks and conversion', ['emotij.image.ImageChecks', 'emotij.io.ImageConversion', 'emotij.image.PixelImage.ofRgb'], []),
    ('detection, Java side (window resampling, decoding boxes)', ['emotij.detect.'], []),
    ('classification, Java side (crops, alignment)', ['emotij.classify.'], []),
    ('results CSV', ['emotij.io.'], []),
    ('other EmotiJ', ['emotij.'], []),
]


def frames(event):
    stack = event['values'].get('stackTrace') or {}
    return [f['method']['type']['name'].replace('/', '.') + '.' + f['method']['name'] for f in stack.get('frames', [])]


def stage_of(fs):
    # model loading starts the engine on first use: the EmotiJ frame nearest the top tells the two apart
    nearest = next((f for f in fs if f.startswith('emotij.')), '')
    if 'TensorFlowRuntime' in nearest or 'OnnxRuntime' in nearest:
        return 'engine start (native libraries)'
    for name, anywhere, top in STAGES:
        if top and not (fs and any(t in fs[0] for t in top)):
            continue
        if not anywhere or any(any(k in f for k in anywhere) for f in fs):
            return name
    return 'JVM and libraries outside EmotiJ (class loading, CLI start)'


def main(path):
    events = json.load(open(path))['recording']['events']
    ms = collections.Counter()
    tops = collections.defaultdict(collections.Counter)
    for e in events:
        weight = 20 if e['type'] == 'jdk.NativeMethodSample' else 10
        fs = frames(e)
        stage = stage_of(fs)
        ms[stage] += weight
        if fs:
            tops[stage][fs[0]] += weight
    total = sum(ms.values())
    print(f'{total} ms of samples (Java every 10 ms, native every 20 ms)')
    print('| stage | share | ms | top frames |')
    print('|---|---|---|---|')
    for stage, v in ms.most_common():
        lead = ', '.join(f.rsplit('.', 2)[-2] + '.' + f.rsplit('.', 1)[-1] for f, _ in tops[stage].most_common(2))
        print(f'| {stage} | {100 * v / total:.0f}% | {v} | {lead} |')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
