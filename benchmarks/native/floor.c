/*
 * The physical floor for the benchmarks, in C, measured in the same run as the JMH suite:
 *
 *   floor latency SOCKET SECONDS     raw send() of a pre-encoded datagram on a connected socket, and
 *                                    sd_journal_sendv() of the same fields (libsystemd always sends
 *                                    to /run/systemd/journal/socket; run.sh puts the drain there).
 *                                    Prints one JSON object per measurement: median ns per entry of
 *                                    five rounds.
 *   floor throughput COUNT RUN_ID    sd_journal_sendv() of COUNT entries tagged RUN=RUN_ID, for the
 *                                    delivered-entries-per-second comparison against a real journald.
 *   floor grow SECONDS FIELDS BYTES  sd_journal_sendv() of CostGrowthBenchmark's entry: the adapters'
 *                                    own fields, FIELDS context fields and a MESSAGE of BYTES bytes
 *                                    (libsystemd passes a memfd when the datagram is too large).
 *                                    Prints one JSON object: median ns per entry of five rounds, or
 *                                    the error of the first sd_journal_sendv() that failed.
 *
 * The entry of latency and throughput is the one the Java benchmarks send: 8 fields, an 80-character
 * MESSAGE.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/uio.h>
#include <sys/un.h>
#include <systemd/sd-journal.h>
#include <time.h>
#include <unistd.h>

#define MESSAGE "MESSAGE=Payment 4711 for customer 815 accepted by the upstream provider in 12 ms, all OK"

static const char *fields[] = {
    "PRIORITY=6",
    "SYSLOG_IDENTIFIER=bench",
    "LOGGER=com.example.billing.PaymentService",
    "THREAD_NAME=main",
    "TID=4242",
    "DB_HOST=db1.example.internal",
    "REQUEST_ID=7f9c2ba4e88f827d616045507605853e",
    MESSAGE,
};
#define N_FIELDS (sizeof(fields) / sizeof(fields[0]))

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1e9 + ts.tv_nsec;
}

static int cmp(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return x < y ? -1 : x > y;
}

static double median5(double *v) {
    qsort(v, 5, sizeof(double), cmp);
    return v[2];
}

static void latency(const char *path, double seconds) {
    char datagram[1024];
    size_t len = 0;
    for (size_t i = 0; i < N_FIELDS; i++) {
        len += sprintf(datagram + len, "%s\n", fields[i]);
    }
    int fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
    int sndbuf = 8 << 20;
    setsockopt(fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
    struct sockaddr_un addr = {.sun_family = AF_UNIX};
    strncpy(addr.sun_path, path, sizeof(addr.sun_path) - 1);
    if (connect(fd, (struct sockaddr *)&addr, sizeof(addr)) < 0) {
        perror("connect");
        exit(1);
    }
    struct iovec iov[N_FIELDS];
    for (size_t i = 0; i < N_FIELDS; i++) {
        iov[i].iov_base = (void *)fields[i];
        iov[i].iov_len = strlen(fields[i]);
    }
    double round = seconds / 5;
    double raw[5], sendv[5];
    for (int r = 0; r < 5; r++) {
        long n = 0;
        double start = now_ns(), end;
        do {
            for (int i = 0; i < 1000; i++) {
                if (send(fd, datagram, len, MSG_NOSIGNAL) < 0) perror("send");
            }
            n += 1000;
        } while ((end = now_ns()) - start < round * 1e9);
        raw[r] = (end - start) / n;

        n = 0;
        start = now_ns();
        do {
            for (int i = 0; i < 1000; i++) {
                int e = sd_journal_sendv(iov, N_FIELDS);
                if (e < 0) fprintf(stderr, "sd_journal_sendv: %s\n", strerror(-e));
            }
            n += 1000;
        } while ((end = now_ns()) - start < round * 1e9);
        sendv[r] = (end - start) / n;
    }
    printf("{\"benchmark\":\"c_raw_send\",\"ns_per_entry\":%.1f,\"bytes\":%zu}\n", median5(raw), len);
    printf("{\"benchmark\":\"c_sd_journal_sendv\",\"ns_per_entry\":%.1f}\n", median5(sendv));
}

static void throughput(long count, const char *run) {
    char tag[128];
    snprintf(tag, sizeof(tag), "RUN=%s", run);
    struct iovec iov[N_FIELDS + 1];
    for (size_t i = 0; i < N_FIELDS; i++) {
        iov[i].iov_base = (void *)fields[i];
        iov[i].iov_len = strlen(fields[i]);
    }
    iov[N_FIELDS].iov_base = tag;
    iov[N_FIELDS].iov_len = strlen(tag);
    double start = now_ns();
    for (long i = 0; i < count; i++) {
        int e = sd_journal_sendv(iov, N_FIELDS + 1);
        if (e < 0) {
            fprintf(stderr, "sd_journal_sendv: %s\n", strerror(-e));
            exit(1);
        }
    }
    // journald stores one sender's datagrams in order: this entry is stored after all the others.
    if (sd_journal_send("MESSAGE=end of run", "RUN_END=%s", run, NULL) < 0) {
        fprintf(stderr, "sd_journal_send: end marker failed\n");
        exit(1);
    }
    fprintf(stderr, "floor: sent %ld entries in %.3f s\n", count, (now_ns() - start) / 1e9);
}

static void grow(double seconds, int n_context, long bytes) {
    static const char *own[] = {
        "PRIORITY=6", "SYSLOG_IDENTIFIER=bench", "LOGGER=com.example.billing.PaymentService",
        "THREAD_NAME=main", "TID=4242",
    };
    size_t n_own = sizeof(own) / sizeof(own[0]);
    size_t n = n_own + n_context + 1;
    struct iovec *iov = calloc(n, sizeof(struct iovec));
    for (size_t i = 0; i < n_own; i++) {
        iov[i].iov_base = (void *)own[i];
        iov[i].iov_len = strlen(own[i]);
    }
    for (int i = 0; i < n_context; i++) {
        char *f = malloc(64);
        iov[n_own + i].iov_len = snprintf(f, 64, "FIELD_%03d=value-%03d-7f9c2ba4e88f", i, i);
        iov[n_own + i].iov_base = f;
    }
    // The Java message: the 80-character benchmark message and a space, repeated to BYTES.
    const char *text = MESSAGE + strlen("MESSAGE=");
    size_t text_len = strlen(text);
    char *message = malloc(strlen("MESSAGE=") + bytes);
    memcpy(message, "MESSAGE=", strlen("MESSAGE="));
    for (long i = 0; i < bytes; i++) {
        long at = i % (text_len + 1);
        message[strlen("MESSAGE=") + i] = at < (long)text_len ? text[at] : ' ';
    }
    iov[n - 1].iov_base = message;
    iov[n - 1].iov_len = strlen("MESSAGE=") + bytes;
    double round = seconds / 5, ns[5];
    for (int r = 0; r < 5; r++) {
        long count = 0;
        double start = now_ns(), end;
        do {
            int e = sd_journal_sendv(iov, n);
            if (e < 0) {
                // An entry libsystemd refuses is a result too (it does so above ~500 fields).
                printf("{\"benchmark\":\"c_sd_journal_sendv_grow\",\"fields\":%d,\"message_bytes\":%ld,"
                       "\"error\":\"%s\"}\n",
                       n_context, bytes, strerror(-e));
                return;
            }
            count++;
        } while ((end = now_ns()) - start < round * 1e9);
        ns[r] = (end - start) / count;
    }
    printf("{\"benchmark\":\"c_sd_journal_sendv_grow\",\"fields\":%d,\"message_bytes\":%ld,\"ns_per_entry\":%.1f}\n",
           n_context, bytes, median5(ns));
}

int main(int argc, char **argv) {
    if (argc == 4 && strcmp(argv[1], "latency") == 0) {
        latency(argv[2], atof(argv[3]));
    } else if (argc == 4 && strcmp(argv[1], "throughput") == 0) {
        throughput(atol(argv[2]), argv[3]);
    } else if (argc == 5 && strcmp(argv[1], "grow") == 0) {
        grow(atof(argv[2]), atoi(argv[3]), atol(argv[4]));
    } else {
        fprintf(stderr, "usage: %s latency SOCKET SECONDS | throughput COUNT RUN_ID | grow SECONDS FIELDS BYTES\n",
                argv[0]);
        return 2;
    }
    return 0;
}
