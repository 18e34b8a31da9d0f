#!/usr/bin/env bash
# Builds a stand-in for apache-zookeeper-<version>-bin.tar.gz from the jars on
# Maven Central (the lab cannot reach the Apache mirrors), with the same
# top directory and lib/ + conf/ layout the role's archive install uses.
# Usage: build-test-archive.sh [output-dir]   (prints the tarball path)
set -euo pipefail

version=3.8.4
netty=4.1.105.Final
out=$(realpath "${1:-/var/tmp}")
central=https://repo1.maven.org/maven2
name=apache-zookeeper-$version-bin
tarball=$out/$name.tar.gz

if [ -s "$tarball" ]; then
  echo "$tarball"
  exit 0
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$name/lib" "$work/$name/conf"

jars=(
  "org/apache/zookeeper/zookeeper/$version/zookeeper-$version.jar"
  "org/apache/zookeeper/zookeeper-jute/$version/zookeeper-jute-$version.jar"
  "org/apache/yetus/audience-annotations/0.12.0/audience-annotations-0.12.0.jar"
  "org/slf4j/slf4j-api/1.7.30/slf4j-api-1.7.30.jar"
  "ch/qos/logback/logback-core/1.2.13/logback-core-1.2.13.jar"
  "ch/qos/logback/logback-classic/1.2.13/logback-classic-1.2.13.jar"
  "commons-io/commons-io/2.11.0/commons-io-2.11.0.jar"
  "io/dropwizard/metrics/metrics-core/4.1.12.1/metrics-core-4.1.12.1.jar"
  "org/xerial/snappy/snappy-java/1.1.10.5/snappy-java-1.1.10.5.jar"
)
for artifact in buffer codec common handler resolver transport transport-native-unix-common; do
  jars+=("io/netty/netty-$artifact/$netty/netty-$artifact-$netty.jar")
done
for jar in "${jars[@]}"; do
  curl -fsSL --retry 3 -o "$work/$name/lib/$(basename "$jar")" "$central/$jar"
done

cat >"$work/$name/conf/logback.xml" <<'XML'
<configuration>
  <appender name="CONSOLE" class="ch.qos.logback.core.ConsoleAppender">
    <encoder><pattern>%-5level [%thread] %logger{36} - %msg%n</pattern></encoder>
  </appender>
  <root level="INFO"><appender-ref ref="CONSOLE"/></root>
</configuration>
XML

tar -C "$work" -czf "$tarball" "$name"
echo "$tarball"
