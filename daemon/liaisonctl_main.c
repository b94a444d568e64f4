/* liaisonctl_main.c: the operator tool's entry point (placeholder while the pipeline is written). */
int
main(void)
{
	return 0;
}
