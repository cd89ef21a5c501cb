package dev.qctl.cli;

import dev.qctl.config.QctlConfig;
import dev.qctl.config.SigningKey;
import dev.qctl.handler.PayloadSeal;
import dev.qctl.queue.Payload;
import dev.qctl.queue.PushRequest;
import java.io.PrintWriter;
import java.util.Optional;

/**
 * Signs (and with --encrypt, encrypts) each job as dispatch hands it to the store. The key is
 * looked up once; a local one is created only when a raw job or --encrypt first needs it, so a
 * file of named-handler jobs never creates one, and a streamed file needs no first pass.
 */
final class DispatchSealer {
    private final QctlConfig config;
    private final boolean encrypt;
    private final PrintWriter err;
    private Optional<SigningKey> key;
    private boolean createdIfNeeded;
    private boolean warned;

    DispatchSealer(QctlConfig config, boolean encrypt, PrintWriter err) {
        this.config = config;
        this.encrypt = encrypt;
        this.err = err;
        this.key = encrypt ? SigningKey.findOrCreate(config, System::getenv) : SigningKey.find(config, System::getenv);
        this.createdIfNeeded = encrypt;
    }

    PushRequest seal(PushRequest request) {
        Payload p = request.payload();
        if (JobFactory.isRaw(p.job())) {
            if (key.isEmpty() && !createdIfNeeded) {
                key = SigningKey.findOrCreate(config, System::getenv);
                createdIfNeeded = true;
            }
            if (key.isEmpty() && !config.allowRaw() && !warned) {
                warned = true;
                err.println(DispatchCommand.unsignedWarning(config));
            }
        }
        // an encrypted command must not show its arguments in worker logs and `qctl failed`
        if (encrypt && p.job().equals(Payload.EXEC))
            p = p.with("displayName", p.data().path("argv").path(0).asText("exec"));
        return new PushRequest(request.queue(), PayloadSeal.seal(p, request.queue(), key, encrypt), request.delay());
    }
}
