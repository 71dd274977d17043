// placeholder: the region module is being written
