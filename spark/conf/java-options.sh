# Sourced by bin/emotij-spark and spark/cluster-check.sh: the module openings Spark needs on Java 17 and later,
# the same as spark-submit adds (org.apache.spark.launcher.JavaModuleOptions; spark/pom.xml's spark.java.options
# for the tests).
SPARK_JAVA_OPTIONS=(-XX:+IgnoreUnrecognizedVMOptions)
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util java.util.concurrent \
         java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs sun.security.action sun.util.calendar; do
  SPARK_JAVA_OPTIONS+=("--add-opens=java.base/$p=ALL-UNNAMED")
done
SPARK_JAVA_OPTIONS+=(-Djdk.reflect.useDirectMethodHandle=false -Dio.netty.tryReflectionSetAccessible=true)
