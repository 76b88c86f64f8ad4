#!/usr/bin/env bash
# Runs the Spark job through a real standalone cluster on this machine and compares it with bin/emotij classify:
# a master and two workers (1 core each) on 127.0.0.1, started from the Spark jars of the build (no Spark
# distribution needed), then bin/emotij-spark classify sample-images --master spark://127.0.0.1:PORT and the same
# through spark-submit (Spark's SparkSubmit class) with the job jar; each results.csv must equal the CLI's, byte for
# byte, and every worker must have classified files. The master and the
# workers are stopped on every exit, failure included.
# Needs: mvn -B install -DskipTests (root), then mvn -B package -f spark/pom.xml. Output under target/cluster-check/.
# CLUSTER_CHECK_WORKERS (default 2) and CLUSTER_CHECK_INPUT (default sample-images) change the cluster and the
# input, CLUSTER_CHECK_EXECUTOR_OPTS sets the executors' Java options (spark/bench.sh times 1 and 2 workers with them).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
JARS="$ROOT/spark/target/spark-jars"
WORKERS="${CLUSTER_CHECK_WORKERS:-2}"
INPUT="${CLUSTER_CHECK_INPUT:-sample-images}"
[ -d "$JARS" ] || { echo "cluster-check: build first: mvn -B package -f spark/pom.xml" >&2; exit 1; }
WORK="$ROOT/target/cluster-check"
rm -rf "$WORK"
mkdir -p "$WORK"
# the workers start executors through Spark's launcher, which wants SPARK_HOME/jars: the build's Spark jars
mkdir -p "$WORK/spark-home"
ln -s "$JARS" "$WORK/spark-home/jars"
export SPARK_HOME="$WORK/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
# executors share the test cache of extracted native libraries (600 MB, extracted once)
export EMOTIJ_CACHE_DIR="${EMOTIJ_CACHE_DIR:-$ROOT/target/test-cache}" TF_CPP_MIN_LOG_LEVEL=2
# shellcheck source=conf/java-options.sh
. "$ROOT/spark/conf/java-options.sh"

# a port nobody listens on (python3 asks the system; without it, a random high one)
free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()' 2>/dev/null \
    || echo $((20000 + RANDOM % 20000))
}
PIDS=()
stop_all() {
  # workers first (each stops its executors), then the master; only the processes this script started
  for ((i=${#PIDS[@]}-1; i>=0; i--)); do kill "${PIDS[i]}" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null || true
  done
}
trap stop_all EXIT

PORT=$(free_port)
MASTER="spark://127.0.0.1:$PORT"
java -Xmx512m "${SPARK_JAVA_OPTIONS[@]}" -cp "$JARS/*" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$PORT" --webui-port "$(free_port)" >"$WORK/master.log" 2>&1 &
PIDS+=($!)
for w in $(seq 1 "$WORKERS"); do
  mkdir -p "$WORK/worker$w"
  java -Xmx512m "${SPARK_JAVA_OPTIONS[@]}" -cp "$JARS/*" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 3g --webui-port "$(free_port)" --work-dir "$WORK/worker$w" "$MASTER" \
    >"$WORK/worker$w.log" 2>&1 &
  PIDS+=($!)
done
for _ in $(seq 1 120); do
  n=$(grep -c "Registering worker" "$WORK/master.log" 2>/dev/null || true); [ "${n:-0}" -ge "$WORKERS" ] && break
  sleep 0.5
done
if [ "$(grep -c 'Registering worker' "$WORK/master.log" || true)" -lt "$WORKERS" ]; then
  echo "cluster-check FAILED: the $WORKERS workers did not register with the master in 60 s (see $WORK/*.log)" >&2
  exit 1
fi
echo "cluster-check: master $MASTER with $WORKERS workers of 1 core"

start=$SECONDS
status=0
bin/emotij-spark classify "$INPUT" --out "$WORK/spark" --master "$MASTER" --conf spark.executor.memory=2g \
  --conf spark.executor.extraJavaOptions="${CLUSTER_CHECK_EXECUTOR_OPTS:-}" \
  >"$WORK/spark.out" 2>"$WORK/spark.err" || status=$?
spark_s=$((SECONDS - start))
if [ "$status" -ne 0 ]; then
  echo "cluster-check FAILED: bin/emotij-spark exited with $status" >&2
  tail -20 "$WORK/spark.err" >&2
  exit 1
fi
start=$SECONDS
bin/emotij classify "$INPUT" --out "$WORK/cli" >"$WORK/cli.out" 2>"$WORK/cli.err"
cli_s=$((SECONDS - start))
if ! cmp "$WORK/cli/results.csv" "$WORK/spark/results.csv"; then
  echo "cluster-check FAILED: results.csv of the cluster run differs from bin/emotij classify's" >&2
  diff "$WORK/cli/results.csv" "$WORK/spark/results.csv" | head -20 >&2
  exit 1
fi
# the same through Spark's own spark-submit (its main class, from the same jars), as README documents it for clusters
JOB_JAR=$(ls "$ROOT"/spark/target/emotij-spark-*-job.jar)
start=$SECONDS
status=0
java -Xmx2g "${SPARK_JAVA_OPTIONS[@]}" -cp "$JARS/*" org.apache.spark.deploy.SparkSubmit --master "$MASTER" \
  --class emotij.spark.SparkClassify --executor-memory 2g "$JOB_JAR" classify "$INPUT" --out "$WORK/submit" \
  >"$WORK/submit.out" 2>"$WORK/submit.err" || status=$?
submit_s=$((SECONDS - start))
if [ "$status" -ne 0 ] || ! cmp "$WORK/cli/results.csv" "$WORK/submit/results.csv"; then
  echo "cluster-check FAILED: spark-submit of the job jar exited with $status or its results.csv differs (see $WORK/submit.err)" >&2
  exit 1
fi
# each executor's log names the files it classified (emotij.spark.FileTask at INFO, Spark's default level)
ran=()
for w in $(seq 1 "$WORKERS"); do
  n=$(cat "$WORK"/worker$w/app-*/*/stderr 2>/dev/null | grep -cE 'FileTask: \[1/1\] .*: ([0-9]+ faces? \(|SKIPPED|FAILED)' || true)
  ran+=("${n:-0}")
done
echo "cluster-check: files per worker: ${ran[*]}"
for n in "${ran[@]}"; do
  if [ "$n" -lt 1 ]; then
    echo "cluster-check FAILED: every worker should have classified files" >&2
    exit 1
  fi
done
echo "cluster-check passed: $(head -1 "$WORK/spark/summary.txt" | sed 's/ in .*//') of $INPUT on $WORKERS workers in" \
  "${spark_s} s (spark-submit: ${submit_s} s; bin/emotij classify: ${cli_s} s), results.csv equal to bin/emotij classify's"
