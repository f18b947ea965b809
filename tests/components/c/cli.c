// A WASI command built as a component (wasi-libc on the preview1 adapter): it prints its arguments and
// environment, reads data/input.txt from the preopened directory "data", writes data/output.txt, and lists the
// directory. With the argument "fail" it exits with status 3; with "escape" it tries paths outside the preopen;
// with "sleep" it sleeps 20 ms on the monotonic clock; with "stdin" it counts the bytes and lines of stdin.
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

extern char **environ;

static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void try_open(const char *path) {
    FILE *f = fopen(path, "r");
    if (f) {
        printf("open %s: ok\n", path);
        fclose(f);
    } else {
        printf("open %s: %s\n", path, strerror(errno));
    }
}

int main(int argc, char **argv) {
    for (int i = 1; i < argc; i++) printf("arg %d: %s\n", i, argv[i]);
    for (char **e = environ; *e; e++) printf("env %s\n", *e);

    FILE *in = fopen("data/input.txt", "r");
    if (!in) {
        printf("cannot read data/input.txt: %s\n", strerror(errno));
        return 2;
    }
    char text[4096];
    size_t n = fread(text, 1, sizeof text - 1, in);
    text[n] = 0;
    fclose(in);
    int lines = 0;
    for (size_t i = 0; i < n; i++) lines += text[i] == '\n';
    printf("read %zu bytes, %d lines\n", n, lines);

    FILE *out = fopen("data/output.txt", "w");
    if (!out) {
        printf("cannot write data/output.txt: %s\n", strerror(errno));
        return 2;
    }
    for (size_t i = 0; i < n; i++) fputc(text[i] >= 'a' && text[i] <= 'z' ? text[i] - 32 : text[i], out);
    fprintf(out, "%d lines\n", lines);
    fclose(out);

    DIR *dir = opendir("data");
    if (!dir) {
        printf("cannot list data: %s\n", strerror(errno));
        return 2;
    }
    char *names[256];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 256) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        names[count] = malloc(strlen(entry->d_name) + 2);
        strcpy(names[count], entry->d_name);
        if (entry->d_type == DT_DIR) strcat(names[count], "/");
        count++;
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], compare);
    for (int i = 0; i < count; i++) printf("entry %s\n", names[i]);

    for (int i = 1; i < argc; i++) {
        if (strcmp(argv[i], "escape") == 0) {
            try_open("data/../outside.txt");
            try_open("/etc/passwd");
            try_open("data/link-out/outside.txt");
        }
        if (strcmp(argv[i], "sleep") == 0) {
            struct timespec before, after;
            clock_gettime(CLOCK_MONOTONIC, &before);
            usleep(20000);
            clock_gettime(CLOCK_MONOTONIC, &after);
            long long ns = (after.tv_sec - before.tv_sec) * 1000000000LL + (after.tv_nsec - before.tv_nsec);
            printf("slept at least 20 ms: %s\n", ns >= 20000000LL ? "yes" : "no");
        }
        if (strcmp(argv[i], "stdin") == 0) {
            size_t bytes = 0;
            int newlines = 0, c;
            while ((c = getchar()) != EOF) {
                bytes++;
                newlines += c == '\n';
            }
            printf("stdin: %zu bytes, %d lines\n", bytes, newlines);
        }
        if (strcmp(argv[i], "fail") == 0) {
            fflush(stdout);
            exit(3);
        }
    }
    return 0;
}
