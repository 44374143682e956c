/* worker.h - the libFuzzer side of a campaign: the process libFuzzer drives. */
#ifndef FTF_WORKER_H
#define FTF_WORKER_H

/* 1 when the environment carries a campaign's configuration (set by `ftfuzz fuzz`). */
int ftf_worker_configured(void);

/* Run libFuzzer's driver on the configured target with argv's libFuzzer flags. */
int ftf_worker_main(int argc, char **argv);

#endif
