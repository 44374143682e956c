/* selftest_race.c - two threads bump one unlocked counter: a data race TSan must report. */
#include "runtime/selftest_race.h"

#include <pthread.h>

static long selftest_counter; /* unlocked on purpose */

__attribute__((noinline)) static void selftest_racy_bump(void)
{
    for (int i = 0; i < 1000; i++)
        selftest_counter++;
}

static void *selftest_thread(void *unused)
{
    (void)unused;
    selftest_racy_bump();
    return NULL;
}

int ftf_selftest_race(void)
{
    pthread_t a, b;
    if (pthread_create(&a, NULL, selftest_thread, NULL))
        return -1;
    if (pthread_create(&b, NULL, selftest_thread, NULL)) {
        pthread_join(a, NULL);
        return -1;
    }
    pthread_join(a, NULL);
    pthread_join(b, NULL);
    return 0;
}
