/* liaisond_main.c: the daemon's entry point (placeholder while the pipeline is written). */
int
main(void)
{
	return 0;
}
