package com.example.pipe;

import io.cloacina.bridge.BridgeReplies;
import io.cloacina.bridge.CloacaModule;
import io.cloacina.bridge.LoadOptions;
import io.cloacina.bridge.PythonLogs;
import io.cloacina.spi.PythonPackage;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A python3 process holding one package, speaking one JSON line per request and per reply. The pipes are the
 * protocol's, not the task's: the driver keeps the real stdout for replies and stdin for requests, and points
 * sys.stdout at stderr and sys.stdin at /dev/null (input() in a task would otherwise eat the next request).
 */
final class PipeWorker {

    private static final String DRIVER = String.join("\n",
            "import json, os, sys",
            "from cloaca import _host",
            "replies, sys.stdout = sys.stdout, sys.stderr",
            "requests, sys.stdin = sys.stdin, open(os.devnull)",
            // What the package logs or prints leaves as it is written (one 'L' line per record, before the reply),
            // so what a task wrote before it crashed still arrives.
            "_host._logs.stream_json_to(lambda text: (replies.write('L' + text + '\\n'), replies.flush()))",
            "source, vendor, entry, options = sys.argv[1:5]",
            "replies.write(_host.load_json(source, vendor or None, entry, options) + '\\n'); replies.flush()",
            "for line in requests:",
            "    request = json.loads(line)",
            "    replies.write(_host.execute_json(request['task'], request['context']) + '\\n'); replies.flush()");

    private final PythonPackage pkg;
    private final String python;
    private Process process;
    private BufferedWriter requests;
    private BufferedReader replies;

    PipeWorker(PythonPackage pkg, String python) {
        this.pkg = pkg;
        this.python = python;
    }

    /** Starts the process; returns the load reply. */
    synchronized String start() {
        try {
            ProcessBuilder builder = new ProcessBuilder(python, "-c", DRIVER, pkg.sourceDir().toString(),
                    pkg.vendor().map(Object::toString).orElse(""), pkg.entryModule(), LoadOptions.json(pkg))
                    .redirectError(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("PYTHONPATH", CloacaModule.pythonPathEntry().toString());
            process = builder.start();
            requests = new BufferedWriter(new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8));
            replies = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String reply = readReply(replies, PythonLogs.packageScope(PipeRuntime.NAME, pkg.name()));
            if (reply == null) {
                throw new IllegalStateException(python + " exited while loading " + pkg);
            }
            return reply;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + python + " for " + pkg + ": " + e.getMessage(), e);
        }
    }

    synchronized void ensureRunning() {
        if (process == null || !process.isAlive()) {
            stop();
            start();
        }
    }

    /** One task; the reply line, or null when the process died. Not synchronized: stop() must get in meanwhile. */
    String call(String taskId, String contextJson, Map<String, String> logScope) throws IOException {
        BufferedWriter out;
        BufferedReader in;
        synchronized (this) {
            out = requests;
            in = replies;
        }
        String request = "{\"task\":" + quote(taskId) + ",\"context\":" + quote(contextJson) + "}\n";
        try {
            out.write(request);
            out.flush();
        } catch (IOException died) {
            return null;
        }
        return readReply(in, logScope);
    }

    /** Forwards the record lines ('L' + JSON) to SLF4J as they come; returns the reply line, or null at the end. */
    private static String readReply(BufferedReader in, Map<String, String> logScope) throws IOException {
        String line;
        while ((line = in.readLine()) != null && line.startsWith("L")) {
            PythonLogs.record(BridgeReplies.parse(line.substring(1)), logScope);
        }
        return line;
    }

    synchronized void stop() {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            process = null;
        }
    }

    private static String quote(String text) {
        return io.cloacina.context.ContextJson.MAPPER.valueToTree(text).toString();
    }
}
